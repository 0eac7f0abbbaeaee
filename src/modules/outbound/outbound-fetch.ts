import fs from 'node:fs';
import tls from 'node:tls';
import { Agent, fetch as undiciFetch } from 'undici';

/**
 * The one way server-side code (OAuth token exchange, userinfo, refresh) calls upstreams:
 * pooled keep-alive, no redirects followed, system CAs plus UPSTREAM_CA_FILE.
 */
export type OutboundFetch = (url: string, init?: RequestInit) => Promise<Response>;

export function createOutboundFetch(opts: { upstreamCaFile?: string; timeoutMs?: number } = {}): OutboundFetch {
  const ca = opts.upstreamCaFile ? [...tls.rootCertificates, fs.readFileSync(opts.upstreamCaFile, 'utf8')] : undefined;
  const agent = new Agent({ connect: ca ? { ca } : {}, keepAliveTimeout: 30_000 });
  const timeoutMs = opts.timeoutMs ?? 30_000;
  return (url, init = {}) =>
    undiciFetch(url, {
      ...(init as object),
      redirect: 'manual',
      dispatcher: agent,
      signal: init.signal ?? AbortSignal.timeout(timeoutMs),
    } as never) as unknown as Promise<Response>;
}
