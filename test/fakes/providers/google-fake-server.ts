import http from 'node:http';
import { listenLoopback, parseQuery, readRequest } from './loopback-http.js';

/**
 * The plumbing shared by the loopback fakes of Google APIs (Gmail, Calendar): route by method and
 * path, record every request exactly, require a bearer token, and answer errors in Google's
 * envelope `{"error": {code, message, errors: [{domain, reason, message}], status}}`.
 */
export interface RecordedGoogleRequest {
  method: string;
  path: string;
  /** Repeated parameters become arrays, as a server sees them. */
  query: Record<string, string | string[]>;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body; undefined when there was none. */
  body: unknown;
}

/** `text` answers a raw body of `contentType` instead of JSON (Drive downloads and exports). */
export interface Reply { status: number; body?: unknown; text?: string; contentType?: string }
export type Route = [method: string, pattern: RegExp, handle: (req: RecordedGoogleRequest, params: string[]) => Reply];

export interface GoogleFakeServer {
  /** `http://127.0.0.1:<port>` plus the API's base path, like the catalog's proxy_url. */
  url: string;
  requests: RecordedGoogleRequest[];
  last(): RecordedGoogleRequest;
  close(): Promise<void>;
}

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 409: 'ALREADY_EXISTS', 410: 'GONE', 429: 'RESOURCE_EXHAUSTED',
};

export function googleError(code: number, reason: string, message: string): Reply {
  return { status: code, body: { error: { code, message, errors: [{ message, domain: 'global', reason }], status: STATUS_NAMES[code] ?? 'UNKNOWN' } } };
}

export async function startGoogleFake(basePath: string, routes: Route[]): Promise<GoogleFakeServer> {
  const requests: RecordedGoogleRequest[] = [];
  const server = http.createServer(async (req, res) => {
    const { url, text } = await readRequest(req);
    let body: unknown;
    // Multipart uploads (Drive) stay text for the route to take apart; every other body is JSON.
    const multipart = (req.headers['content-type'] ?? '').startsWith('multipart/');
    if (text) {
      try { body = multipart ? text : JSON.parse(text); } catch { body = text; }
    }
    const recorded: RecordedGoogleRequest = { method: req.method ?? 'GET', path: url.pathname, query: parseQuery(url.searchParams), headers: req.headers, body };
    requests.push(recorded);
    let reply: Reply;
    if (!/^Bearer \S+$/.test(req.headers.authorization ?? '')) {
      reply = googleError(401, 'authError', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.');
    } else if (typeof body === 'string' && !multipart) {
      reply = googleError(400, 'parseError', 'Invalid JSON payload received.');
    } else {
      const route = routes.find(([m, p]) => m === recorded.method && p.test(recorded.path));
      const params = route ? (recorded.path.match(route[1]) ?? []).slice(1).map(decodeURIComponent) : [];
      reply = route ? route[2](recorded, params) : googleError(404, 'notFound', 'Not Found');
    }
    if (reply.text !== undefined) {
      res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'text/plain', 'content-length': Buffer.byteLength(reply.text) }).end(reply.text);
      return;
    }
    if (reply.body === undefined) {
      res.writeHead(reply.status).end();
      return;
    }
    const payload = JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(payload) }).end(payload);
  });
  const origin = await listenLoopback(server);
  return {
    url: `${origin}${basePath}`,
    requests,
    last: () => requests[requests.length - 1],
    close: () => new Promise<void>((resolve, reject) => {
      server.close((e) => (e ? reject(e) : resolve()));
      server.closeAllConnections();
    }),
  };
}
