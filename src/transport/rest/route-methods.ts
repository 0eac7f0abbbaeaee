import FindMyWay from 'find-my-way';

type Method = FindMyWay.HTTPMethod;
/** The order methods are listed in an `Allow` header. */
const ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const rank = (m: string) => (ORDER.includes(m) ? ORDER.indexOf(m) : ORDER.length);

/**
 * The methods each path of the app answers, so a known path asked with another method gets 405 and
 * an `Allow` header instead of 404. Fastify's routes are matched with find-my-way, Fastify's own
 * router, so the table agrees with the app; a catch-all whose handler routes further (the REST
 * transcoder's `/api/*`) is delegated to a matcher that knows its real paths.
 */
export class RouteMethods {
  private readonly router = FindMyWay({ ignoreTrailingSlash: true });
  private readonly methods = new Set<Method>();
  private readonly delegated = new Map<string, (path: string) => string[]>();

  /** Records a route as Fastify's onRoute hook reports it (delegated catch-alls are skipped). */
  add(method: string | string[], url: string): void {
    if (this.delegated.has(url)) return;
    for (const m of (Array.isArray(method) ? method : [method]) as Method[]) {
      this.methods.add(m);
      this.router.on(m, url, () => undefined);
    }
  }

  /** Routes registered at `url` answer for the paths `matcher` knows, with the methods it returns. */
  delegate(url: string, matcher: (path: string) => string[]): void {
    this.delegated.set(url, matcher);
  }

  /** The methods `path` (no query string) answers, in a conventional order; `[]` for an unknown path. */
  allowed(path: string): string[] {
    const found = new Set<string>([...this.methods].filter((m) => this.router.find(m, path) !== null));
    for (const matcher of this.delegated.values()) for (const m of matcher(path)) found.add(m);
    return [...found].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  }
}
