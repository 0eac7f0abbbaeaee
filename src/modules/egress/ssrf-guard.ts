import { canonicalHost, nonPublicKind } from './ip-ranges.js';
import { NOT_LOOPBACK_FOR_HTTP, isLoopbackAddress } from './plain-http-rule.js';

/**
 * Hosts and IP addresses an environment lets Latchkey reach although they are not public: the
 * Tool Proxy's upstreams and the OAuth token, refresh and userinfo endpoints alike
 * (`proxy_allowed_hosts`, see environment-settings.ts), in canonical spelling.
 */
export class AllowList {
  static readonly EMPTY = new AllowList([]);
  private readonly hosts: ReadonlySet<string>;
  /** Stable identity of the list, e.g. to share one connection pool between equal lists. */
  readonly key: string;

  constructor(entries: readonly string[]) {
    this.hosts = new Set(entries.map(canonicalHost));
    this.key = [...this.hosts].sort().join(',');
  }

  has(hostOrAddress: string): boolean {
    return this.hosts.size > 0 && this.hosts.has(canonicalHost(hostOrAddress));
  }
}

/** The connection was refused: thrown at connect time, after DNS resolution, before any byte is sent. */
export class DestinationRefusedError extends Error {
  readonly code = 'LATCHKEY_DESTINATION_REFUSED';
  /** The refused address, with the name it was resolved from when that differs: `10.0.0.5 (resolved from 'internal.corp')`. */
  readonly destination: string;
  constructor(
    readonly host: string,
    readonly address: string,
    readonly kind: string,
    /** Refused because plain http goes to loopback only, not because the address is non-public. */
    readonly plainHttp = false,
  ) {
    const via = canonicalHost(host) === canonicalHost(address) ? address : `${address} (resolved from '${host}')`;
    super(`the proxy does not connect to ${via}: it is ${kind}`);
    this.name = 'DestinationRefusedError';
    this.destination = via;
  }
}

/**
 * Refuses `address` (what `host` resolved to) unless it is a public unicast address or the
 * allow-list names the host or the address; over plain http (`plainHttp`), unless it is also a
 * loopback address (plain-http-rule.ts), so a credential never crosses a network in cleartext.
 * Returns the error rather than throwing, for callbacks.
 */
export function checkDestination(host: string, address: string, allow: AllowList, plainHttp = false): DestinationRefusedError | undefined {
  if (plainHttp && !isLoopbackAddress(address)) return new DestinationRefusedError(host, address, NOT_LOOPBACK_FOR_HTTP, true);
  const kind = nonPublicKind(address);
  if (kind === undefined || allow.has(host) || allow.has(address)) return undefined;
  return new DestinationRefusedError(host, address, kind);
}

/**
 * The guard's refusal behind a failed request, if that is why it failed: undici's fetch rejects
 * with `TypeError('fetch failed')` whose `cause` is the connector's error.
 */
export function refusalIn(err: unknown): DestinationRefusedError | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof DestinationRefusedError) return e;
  }
  return undefined;
}
