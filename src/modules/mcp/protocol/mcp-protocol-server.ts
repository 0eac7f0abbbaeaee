import { ProtocolError, ProtocolErrorCode, Server, type ServerContext } from '@modelcontextprotocol/server';
import { DomainError } from '../../errors/domain-error.js';
import { callEndpointTool, UnknownMcpTool } from '../tools/call-endpoint-tool.js';
import { listEndpointTools } from '../tools/list-endpoint-tools.js';
import type { EndpointToolCache } from '../tools/endpoint-tool-cache.js';
import { AUTHORIZE_INPUT, answerAuthorization } from './answer-authorization.js';
import { callerOf } from './caller-context.js';
import { elicitationTier } from './elicitation-tier.js';
import type { McpProtocolDeps } from './mcp-protocol-deps.js';

const SERVER_INFO = { name: 'latchkey', title: 'Latchkey', version: '0.1.0' };
const INSTRUCTIONS =
  "Tools act in third-party apps as the signed-in user's connected accounts. A tool whose account is not connected yet answers with a link the user must open; call it again afterwards.";

/** Unexpected failures: logged with an id the client can quote; their message never reaches the wire. */
function internal(deps: McpProtocolDeps, err: unknown): never {
  if (err instanceof ProtocolError) throw err;
  throw new ProtocolError(ProtocolErrorCode.InternalError, `internal error; quote request id ${deps.report(err)} when reporting it`);
}

/**
 * One MCP server instance (the official SDK's low-level Server, raw JSON Schemas from our tool
 * definitions): tools/list and tools/call over the caller's endpoint (its tools from `offered`).
 * `era` is the protocol era it serves: a 2026-07-28 request, or a 2025 session.
 */
export function buildMcpProtocolServer(deps: McpProtocolDeps, era: 'legacy' | 'modern', offered: EndpointToolCache): Server {
  const server = new Server(SERVER_INFO, {
    capabilities: { tools: {} },
    instructions: INSTRUCTIONS,
    // A user's tools change when they connect an account: short-lived, and never shared between users.
    cacheHints: { 'tools/list': { ttlMs: 10_000, cacheScope: 'private' }, 'server/discover': { ttlMs: 300_000, cacheScope: 'public' } },
  });

  server.setRequestHandler('tools/list', async (request, ctx) => {
    try {
      const caller = callerOf(ctx);
      return await listEndpointTools(deps.execution.db, await offered.of(caller), caller, { cursor: request.params?.cursor, pageSize: deps.pageSize });
    } catch (err) {
      if (err instanceof DomainError && err.code === 'invalid_argument') throw new ProtocolError(ProtocolErrorCode.InvalidParams, 'cursor is not one this server returned; start again without a cursor');
      internal(deps, err);
    }
  });

  server.setRequestHandler('tools/call', async (request, ctx: ServerContext) => {
    const caller = callerOf(ctx);
    try {
      const outcome = await callEndpointTool(
        deps.execution,
        await offered.of(caller),
        caller,
        { name: request.params.name, arguments: request.params.arguments as Record<string, unknown> | undefined, signal: ctx.mcpReq.signal },
        deps.log,
      );
      if (outcome.kind === 'result') return outcome.result;
      const tier = elicitationTier(era, ctx, { capabilities: server.getClientCapabilities(), protocolVersion: server.getNegotiatedProtocolVersion() });
      const retried = ctx.mcpReq.inputResponses?.[AUTHORIZE_INPUT] as { action?: unknown } | undefined;
      return await answerAuthorization(deps, caller, outcome.tool, tier, retried);
    } catch (err) {
      if (err instanceof UnknownMcpTool) throw new ProtocolError(ProtocolErrorCode.InvalidParams, err.message);
      internal(deps, err);
    }
  });
  return server;
}
