import { Client, StreamableHTTPClientTransport, type PriorDiscovery } from '@modelcontextprotocol/client';
import type { ToolRunContext } from '../tools/definition/tool-spec.js';
import { upstreamFetch, type ExchangeTrace } from './upstream-fetch.js';

const CLIENT_INFO = { name: 'latchkey', version: '0.1.0' };
// The transport wants a URL; every request goes through upstreamFetch, which sends it to the connection's proxy_url.
const PLACEHOLDER_URL = new URL('https://mcp-upstream.invalid/');

export interface UpstreamSessionOptions {
  /** The era verdict of an earlier session with this account (no server/discover probe), if any. */
  prior?: PriorDiscovery;
  /** Called on the upstream's `notifications/tools/list_changed`, when one arrives in a response stream. */
  onToolsChanged?: () => void;
}

/**
 * One short MCP session with the upstream as the account (the official client, either protocol
 * revision: `auto` probes server/discover and falls back to the 2025 initialize handshake), `fn`
 * run in it, then closed (a 2025 session ended with DELETE). Resolves with the era verdict to reuse.
 */
export async function withUpstreamSession<T>(
  ctx: ToolRunContext,
  opts: UpstreamSessionOptions,
  fn: (client: Client, trace: ExchangeTrace) => Promise<T>,
): Promise<{ value: T; prior: PriorDiscovery }> {
  const trace: ExchangeTrace = {};
  const client = new Client(CLIENT_INFO, { capabilities: {}, versionNegotiation: { mode: 'auto' } });
  if (opts.onToolsChanged) client.setNotificationHandler('notifications/tools/list_changed', () => opts.onToolsChanged!());
  const transport = new StreamableHTTPClientTransport(PLACEHOLDER_URL, { fetch: upstreamFetch(ctx, trace) });
  try {
    try {
      await client.connect(transport, opts.prior ? { prior: opts.prior } : undefined);
    } catch (err) {
      throw new SessionFailed(err, trace);
    }
    const discover = client.getDiscoverResult();
    const prior: PriorDiscovery = discover ? { kind: 'modern', discover } : { kind: 'legacy' };
    try {
      return { value: await fn(client, trace), prior };
    } catch (err) {
      throw new SessionFailed(err, trace);
    }
  } finally {
    if (transport.sessionId) await transport.terminateSession().catch(() => undefined);
    await client.close().catch(() => undefined);
  }
}

/** Anything that failed inside a session, with what the exchanges saw (upstream-errors.ts reads both). */
export class SessionFailed extends Error {
  constructor(
    override readonly cause: unknown,
    readonly trace: ExchangeTrace,
  ) {
    super('MCP upstream session failed');
  }
}
