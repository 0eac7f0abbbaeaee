import { randomUUID } from 'node:crypto';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { FakeMcpTool, RecordedMcpCall } from './mcp-upstream.js';

type AuthInfo = { token: string; clientId: string; scopes: string[] };

/**
 * A 2025-era MCP server as deployed before the stateless revision: the v1 SDK
 * (`@modelcontextprotocol/sdk`) with Streamable HTTP sessions (MCP-Session-Id, DELETE to end
 * one). It knows nothing of server/discover: clients must fall back to initialize.
 */
export function legacySessionServer(state: { tools: FakeMcpTool[]; calls: RecordedMcpCall[]; pageSize: number }) {
  const sessions = new Map<string, WebStandardStreamableHTTPServerTransport>();
  const ended: string[] = [];
  const build = () => {
    const s = new Server({ name: 'fake-legacy-upstream', version: '1.0.0' }, { capabilities: { tools: { listChanged: true } } });
    s.setRequestHandler(ListToolsRequestSchema, async (request) => {
      const start = Number(request.params?.cursor ?? 0);
      const next = start + state.pageSize < state.tools.length ? String(start + state.pageSize) : undefined;
      return { tools: state.tools.slice(start, start + state.pageSize).map(({ run: _run, ...t }) => t) as never, ...(next ? { nextCursor: next } : {}) };
    });
    s.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
      const args = (request.params.arguments ?? {}) as Record<string, unknown>;
      state.calls.push({ name: request.params.name, arguments: args, authorization: extra.authInfo?.token });
      const tool = state.tools.find((t) => t.name === request.params.name);
      if (!tool) return { content: [{ type: 'text', text: `unknown tool ${request.params.name}` }], isError: true };
      return (await tool.run(args, { toolsChanged: () => extra.sendNotification({ method: 'notifications/tools/list_changed' }) })) as never;
    });
    return s;
  };
  return {
    /** Session ids ended by a DELETE. */
    ended,
    get open() {
      return sessions.size;
    },
    async handle(request: Request, authInfo: AuthInfo): Promise<Response> {
      const sid = request.headers.get('mcp-session-id');
      let transport = sid ? sessions.get(sid) : undefined;
      if (sid && !transport) return new Response(JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null }), { status: 404 });
      if (!transport) {
        const t = new WebStandardStreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (id) => void sessions.set(id, t),
          onsessionclosed: (id) => {
            sessions.delete(id);
            ended.push(id);
          },
        });
        await build().connect(t);
        transport = t;
      }
      return transport.handleRequest(request, { authInfo });
    },
  };
}
