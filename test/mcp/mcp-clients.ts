import { Client, StreamableHTTPClientTransport, type ClientCapabilities } from '@modelcontextprotocol/client';

export type Revision = 'modern' | 'legacy';
export const REVISIONS: Revision[] = ['modern', 'legacy'];

/**
 * The official MCP client (SDK v2) on one endpoint with a bearer token: `modern` pins the
 * stateless 2026-07-28 revision (server/discover), `legacy` runs the 2025-11-25 initialize
 * handshake and its session.
 */
/** One HTTP exchange as the client's transport saw it. */
export interface WireExchange {
  method: string;
  headers: Record<string, string>;
  requestBody: any;
  status: number;
  responseHeaders: Record<string, string>;
  /** The JSON-RPC messages answered (a JSON body, or each SSE data frame). */
  messages: any[];
}

/** A fetch recording what the client sent and what it got back, raw, for checks the client's own API hides. */
export function recordingFetch(exchanges: WireExchange[]): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    const text = await res.clone().text();
    const type = res.headers.get('content-type') ?? '';
    const messages = type.includes('text/event-stream')
      ? text.split('\n').filter((l) => l.startsWith('data:') && l.length > 5).map((l) => JSON.parse(l.slice(5)))
      : type.includes('json') && text ? [JSON.parse(text)] : [];
    exchanges.push({
      method: init?.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      requestBody: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      status: res.status,
      responseHeaders: Object.fromEntries(res.headers.entries()),
      messages,
    });
    return res;
  };
}

export async function mcpClient(url: string, token: string, revision: Revision, opts: { capabilities?: ClientCapabilities; origin?: string; exchanges?: WireExchange[]; legacyVersions?: string[] } = {}) {
  const client = new Client(
    { name: 'latchkey-test', version: '1.0.0' },
    {
      capabilities: opts.capabilities ?? {},
      versionNegotiation: revision === 'modern' ? { mode: { pin: '2026-07-28' } } : { mode: 'legacy' },
      // An older 2025-era client: initialize offers the first of these.
      ...(opts.legacyVersions ? { supportedProtocolVersions: opts.legacyVersions } : {}),
    },
  );
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    authProvider: { token: async () => token },
    requestInit: opts.origin ? { headers: { origin: opts.origin } } : undefined,
    fetch: opts.exchanges ? recordingFetch(opts.exchanges) : undefined,
  });
  await client.connect(transport);
  return { client, transport, close: () => client.close() };
}
