import dns from 'node:dns';
import net from 'node:net';
import { Agent, buildConnector, type Dispatcher } from 'undici';
import { checkDestination, type AllowList } from './ssrf-guard.js';
import { upstreamCa } from './upstream-ca.js';

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * A `net.connect` lookup that resolves once, checks every address, and hands exactly the checked
 * addresses to the socket: the address connected to is the address judged (no re-resolution,
 * so DNS rebinding between check and connect is impossible). With `plainHttp`, every address
 * must also be loopback (plain-http-rule.ts).
 */
export function pinnedLookup(allow: AllowList, plainHttp = false) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { all: true, family: options.family ?? 0, hints: options.hints }, (err, addresses) => {
      if (err) return callback(err, []);
      for (const a of addresses) {
        const refused = checkDestination(hostname, a.address, allow, plainHttp);
        if (refused) return callback(refused as NodeJS.ErrnoException, []);
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

const CONNECT_TIMEOUT_MS = 10_000;

/** TLS settings of guarded connections; without `ca`, Node's bundled roots. */
export interface GuardedTlsOptions {
  ca?: readonly string[];
}

/**
 * An undici connector that applies the SSRF guard to IP literals (which skip DNS) and names (via
 * the pinned lookup), and the plain-http rule to `http:` origins: the URL's scheme is never
 * changed, so `https:` is TLS (trusting `tls.ca`, see upstreamCa) and `http:` reaches loopback only.
 */
export function guardedConnector(allow: AllowList, tls: GuardedTlsOptions = {}): buildConnector.connector {
  const build = (plainHttp: boolean) =>
    buildConnector({
      timeout: CONNECT_TIMEOUT_MS,
      lookup: pinnedLookup(allow, plainHttp),
      ...(tls.ca ? { ca: [...tls.ca] } : {}),
    } as buildConnector.BuildOptions);
  const overTls = build(false);
  const plain = build(true);
  return (opts, callback) => {
    const plainHttp = opts.protocol !== 'https:';
    const host = opts.hostname.startsWith('[') ? opts.hostname.slice(1, -1) : opts.hostname;
    if (net.isIP(host)) {
      const refused = checkDestination(host, host, allow, plainHttp);
      if (refused) {
        callback(refused, null);
        return;
      }
    }
    return (plainHttp ? plain : overTls)(opts, callback);
  };
}

/**
 * One keep-alive undici Agent (a pool per upstream origin) per distinct allow-list; environments
 * without an allow-list share one. Redirects are never followed (no redirect interceptor).
 * Used by the Tool Proxy and by the outbound fetch of OAuth token, refresh and userinfo calls.
 */
export class PinnedDispatchers {
  private readonly agents = new Map<string, Agent>();
  private readonly tls: GuardedTlsOptions;

  /** `upstreamCaFile` (UPSTREAM_CA_FILE): extra CAs trusted besides Node's bundled roots. */
  constructor(opts: { upstreamCaFile?: string } = {}) {
    this.tls = { ca: upstreamCa(opts.upstreamCaFile) };
  }

  forAllowList(allow: AllowList): Dispatcher {
    let agent = this.agents.get(allow.key);
    if (!agent) {
      agent = new Agent({
        connect: guardedConnector(allow, this.tls),
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 120_000,
        connections: 256,
        pipelining: 1,
      });
      this.agents.set(allow.key, agent);
    }
    return agent;
  }

  async close(): Promise<void> {
    const agents = [...this.agents.values()];
    this.agents.clear();
    await Promise.all(agents.map((a) => a.close().catch(() => a.destroy())));
  }
}
