import { Resolver } from 'node:dns/promises';

/** TXT records at a name, each joined from its character-strings; [] when the name has none. */
export type TxtLookup = (name: string) => Promise<string[]>;

/** The answers meaning "no such record" (as opposed to a resolver that could not answer). */
const ABSENT = new Set(['ENODATA', 'ENOTFOUND', 'NXDOMAIN']);

export class DnsLookupError extends Error {
  constructor(readonly code: string) {
    super(`DNS lookup failed (${code})`);
  }
}

/**
 * Looks TXT records up through `servers` (`DNS_SERVERS`, e.g. `127.0.0.1:5353`), else the
 * system's resolvers. A resolver of our own, so tests point it at a local DNS server.
 */
export function createTxtLookup(servers: readonly string[] | undefined, timeoutMs = 3000): TxtLookup {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 2 });
  if (servers?.length) resolver.setServers([...servers]);
  return async (name) => {
    try {
      return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(''));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'UNKNOWN';
      if (ABSENT.has(code)) return [];
      throw new DnsLookupError(code);
    }
  };
}
