import { randomUUID } from 'node:crypto';
import { WebStandardStreamableHTTPServerTransport, type Server } from '@modelcontextprotocol/server';
import type { McpCaller } from '../auth/mcp-caller.js';
import { endpointPath } from '../endpoints/mcp-endpoint.js';
import { authInfoOf } from './caller-context.js';

interface Session {
  transport: WebStandardStreamableHTTPServerTransport;
  server: Server;
  /** A session belongs to the credential and endpoint that opened it; anyone else is told it does not exist. */
  owner: string;
  lastSeen: number;
}

export const LEGACY_SESSION_LIMITS = Object.freeze({ max: 1000, idleMs: 30 * 60_000 });

const ownerOf = (caller: McpCaller) => `${caller.credentialId}\u0001${endpointPath(caller.endpoint.ref)}`;

// An HTTP answer before any JSON-RPC processing, as the spec words it for an unknown MCP-Session-Id (the client re-initializes).
const sessionNotFound = () =>
  new Response(JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null }), { status: 404, headers: { 'content-type': 'application/json' } });

/**
 * 2025-11-25 Streamable HTTP sessions (MCP-Session-Id; DELETE ends one), each its own SDK
 * transport and server instance in this process. They are in memory: behind several replicas,
 * route a session's requests to one replica (the 2026-07-28 revision needs no such stickiness).
 */
export class LegacySessions {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly newServer: () => Server,
    private readonly opts: { maxRequestBodySize: number; onerror: (err: Error) => void; now?: () => number },
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  async handle(request: Request, caller: McpCaller, parsedBody?: unknown): Promise<Response> {
    const opts = { authInfo: authInfoOf(caller), ...(parsedBody === undefined ? {} : { parsedBody }) };
    const now = this.opts.now?.() ?? Date.now();
    const id = request.headers.get('mcp-session-id');
    if (id) {
      const s = this.sessions.get(id);
      if (!s || s.owner !== ownerOf(caller)) return sessionNotFound();
      s.lastSeen = now;
      return s.transport.handleRequest(request, opts);
    }
    this.evict(now);
    const server = this.newServer();
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      maxRequestBodySize: this.opts.maxRequestBodySize,
      onsessioninitialized: (sid) => {
        this.sessions.set(sid, { transport, server, owner: ownerOf(caller), lastSeen: now });
      },
      onsessionclosed: (sid) => {
        this.sessions.delete(sid);
      },
    });
    server.onerror = this.opts.onerror;
    await server.connect(transport);
    const response = await transport.handleRequest(request, opts);
    // Anything but an initialize opens no session: nothing to keep.
    if (!transport.sessionId) await server.close();
    return response;
  }

  /** Idle sessions go first; past the cap, the least recently used. */
  private evict(now: number): void {
    for (const [sid, s] of this.sessions) if (now - s.lastSeen > LEGACY_SESSION_LIMITS.idleMs) this.drop(sid, s);
    while (this.sessions.size >= LEGACY_SESSION_LIMITS.max) {
      const [sid, s] = [...this.sessions].reduce((a, b) => (b[1].lastSeen < a[1].lastSeen ? b : a));
      this.drop(sid, s);
    }
  }

  private drop(sid: string, s: Session): void {
    this.sessions.delete(sid);
    void s.server.close().catch(this.opts.onerror);
  }

  async close(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.allSettled(all.map((s) => s.server.close()));
  }
}
