import { fetch as undiciFetch } from 'undici';
import type { Logger } from '../../logging/logger.js';
import { PinnedDispatchers } from './pinned-dispatcher.js';
import { refusalIn, type AllowList } from './ssrf-guard.js';

/** A fetch bound to one environment's allow-list. */
export type OutboundFetch = (url: string, init?: RequestInit) => Promise<Response>;

/**
 * The one way server-side code (OAuth token exchange, userinfo, refresh) calls upstreams:
 * pooled keep-alive, no redirects followed, system CAs plus UPSTREAM_CA_FILE, and the same SSRF
 * guard as the Tool Proxy (pinned-dispatcher.ts): non-public destinations are refused at connect
 * time unless the environment's allow-list names them.
 */
export interface OutboundFetcher {
  /** The fetch for an environment whose `proxy_allowed_hosts` is `allow` (see environmentAllowList). */
  forAllowList(allow: AllowList): OutboundFetch;
  close(): Promise<void>;
}

export function createOutboundFetch(opts: { upstreamCaFile?: string; timeoutMs?: number; log?: Logger } = {}): OutboundFetcher {
  const dispatchers = new PinnedDispatchers({ upstreamCaFile: opts.upstreamCaFile });
  const fetches = new Map<string, OutboundFetch>();
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const bind = (allow: AllowList): OutboundFetch => {
    const dispatcher = dispatchers.forAllowList(allow);
    return async (url, init = {}) => {
      try {
        return (await undiciFetch(url, {
          ...(init as object),
          redirect: 'manual',
          dispatcher,
          signal: init.signal ?? AbortSignal.timeout(timeoutMs),
        } as never)) as unknown as Response;
      } catch (err) {
        const refused = refusalIn(err);
        // Origin only: a path or query may carry account fields.
        if (refused) opts.log?.warn({ origin: new URL(url).origin, address: refused.address, kind: refused.kind }, 'outbound request refused: destination is not public');
        throw err;
      }
    };
  };
  return {
    forAllowList(allow) {
      let f = fetches.get(allow.key);
      if (!f) fetches.set(allow.key, (f = bind(allow)));
      return f;
    },
    close: () => dispatchers.close(),
  };
}
