import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createMcpHandler, Server, type CallToolResult } from '@modelcontextprotocol/server';
import { writeWebResponse } from '../../src/server/routes/mcp-node-bridge.js';
import { sharedTestCert } from './tls-cert.js';
import { legacySessionServer } from './mcp-upstream-legacy.js';

const FRAMING = new Set(['content-length', 'transfer-encoding', 'connection', 'host']);

/** One tool the fake serves: what tools/list shows, and what tools/call answers. */
export interface FakeMcpTool {
  name: string;
  title?: string;
  description: string;
  inputSchema: Record<string, unknown>;
  outputSchema?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
  /** `session.toolsChanged()` sends `notifications/tools/list_changed` in this call's response stream. */
  run(args: Record<string, unknown>, session: { toolsChanged(): Promise<void> }): CallToolResult | Promise<CallToolResult>;
}

/** One tools/call as the fake received it, with the Authorization header it came with. */
export interface RecordedMcpCall {
  name: string;
  arguments: Record<string, unknown>;
  authorization: string | undefined;
}

export interface McpUpstream {
  /** The Streamable HTTP endpoint, `https://127.0.0.1:<port>/mcp`. */
  url: string;
  /** The RFC 9728 metadata URL its 401s point at. */
  resourceMetadataUrl: string;
  /** Served by tools/list, a page of `pageSize` at a time; tests change it to change the list. */
  tools: FakeMcpTool[];
  calls: RecordedMcpCall[];
  /** Named by the protected-resource metadata (RFC 9728); settable once the authorization server runs. */
  authorizationServers: string[];
  /** Every JSON-RPC method posted (`tools/list`, `tools/call`, …), with its Authorization header. */
  posts: Array<{ method: string; authorization: string | undefined }>;
  /** With `legacySessions`: the sessions ended by DELETE, and those still open. */
  sessions: { ended: string[]; readonly open: number };
  close(): Promise<void>;
}

export interface McpUpstreamOptions {
  /** Whether the Authorization header may call; a refusal is a 401 pointing at the resource metadata. */
  authorize(authorization: string | undefined): boolean | Promise<boolean>;
  /** tools/list page size (small, so importers must follow cursors). Default 2. */
  pageSize?: number;
  /** Authorization servers named by the protected-resource metadata (RFC 9728). */
  authorizationServers?: string[];
  scopesSupported?: string[];
  /** Serve only the 2025-11-25 revision with sessions (the v1 SDK), instead of both revisions statelessly. */
  legacySessions?: boolean;
}

/**
 * A remote MCP server built with the official SDK (`@modelcontextprotocol/server`, low-level
 * Server), on loopback HTTPS: both protocol revisions on one URL as createMcpHandler serves them
 * (2026-07-28 stateless, 2025-era stateless fallback), bearer-protected with an RFC 9728
 * protected-resource metadata document, as a hosted MCP server would be.
 */
export async function startMcpUpstream(opts: McpUpstreamOptions): Promise<McpUpstream> {
  const cert = sharedTestCert();
  const server = https.createServer({ cert: cert.cert, key: cert.key });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const pageSize = opts.pageSize ?? 2;
  const up: McpUpstream = {
    url: `${origin}/mcp`,
    resourceMetadataUrl: `${origin}/.well-known/oauth-protected-resource/mcp`,
    tools: [],
    calls: [],
    authorizationServers: opts.authorizationServers ?? [],
    posts: [],
    sessions: { ended: [], open: 0 },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };

  const build = () => {
    const s = new Server({ name: 'fake-upstream', version: '1.0.0' }, { capabilities: { tools: { listChanged: true } } });
    s.setRequestHandler('tools/list', async (request) => {
      const start = Number(request.params?.cursor ?? 0);
      const page = up.tools.slice(start, start + pageSize);
      const next = start + pageSize < up.tools.length ? String(start + pageSize) : undefined;
      return {
        tools: page.map(({ run: _run, ...t }) => t) as never,
        ...(next ? { nextCursor: next } : {}),
      };
    });
    s.setRequestHandler('tools/call', async (request, ctx) => {
      const tool = up.tools.find((t) => t.name === request.params.name);
      const args = (request.params.arguments ?? {}) as Record<string, unknown>;
      up.calls.push({ name: request.params.name, arguments: args, authorization: ctx.http?.authInfo?.token });
      if (!tool) return { content: [{ type: 'text', text: `unknown tool ${request.params.name}` }], isError: true };
      return tool.run(args, { toolsChanged: () => ctx.mcpReq.notify({ method: 'notifications/tools/list_changed' }) });
    });
    return s;
  };
  const mcp = createMcpHandler(build, { legacy: 'stateless' });
  const legacy = opts.legacySessions ? legacySessionServer({ get tools() { return up.tools; }, get calls() { return up.calls; }, pageSize }) : undefined;
  if (legacy) up.sessions = legacy;

  server.on('request', (req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/.well-known/oauth-protected-resource/mcp' || path === '/.well-known/oauth-protected-resource') {
        const body = JSON.stringify({
          resource: up.url,
          authorization_servers: up.authorizationServers,
          bearer_methods_supported: ['header'],
          ...(opts.scopesSupported ? { scopes_supported: opts.scopesSupported } : {}),
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end(body);
        return;
      }
      if (path !== '/mcp') {
        res.writeHead(404).end();
        return;
      }
      const authorization = req.headers.authorization;
      // The body read whole first: the fake records each JSON-RPC method before answering.
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks);
      if (req.method === 'POST' && body.length) {
        for (const m of [JSON.parse(body.toString('utf8'))].flat()) up.posts.push({ method: String(m?.method ?? '(response)'), authorization });
      }
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !FRAMING.has(k)) for (const item of [v].flat()) headers.append(k, item);
      const request = new Request(new URL(req.url ?? '/', origin), { method: req.method, headers, body: req.method === 'POST' || req.method === 'DELETE' ? body : undefined });
      if (!(await opts.authorize(authorization))) {
        res
          .writeHead(401, { 'content-type': 'application/json', 'www-authenticate': `Bearer error="invalid_token", resource_metadata="${up.resourceMetadataUrl}"` })
          .end(JSON.stringify({ error: 'invalid_token' }));
        return;
      }
      const authInfo = { token: authorization ?? '', clientId: 'caller', scopes: [] };
      const response = legacy ? await legacy.handle(request, authInfo) : await mcp.fetch(request, { authInfo });
      await writeWebResponse(res, response);
    })().catch(() => res.destroy());
  });
  return up;
}
