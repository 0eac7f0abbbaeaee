import { createMcpHandler, isJsonContentType, isLegacyRequest } from '@modelcontextprotocol/server';
import type { McpCaller } from '../auth/mcp-caller.js';
import { authInfoOf } from './caller-context.js';
import { LegacySessions } from './legacy-sessions.js';
import type { McpProtocolDeps } from './mcp-protocol-deps.js';
import { buildMcpProtocolServer } from './mcp-protocol-server.js';
import { EndpointToolCache } from '../tools/endpoint-tool-cache.js';

const MODERN_REVISION = '2026-07-28';

export interface McpHttpHandler {
  /** Serves one authenticated HTTP request to an MCP endpoint (web-standard Request → Response). */
  /** `parsedBody`: the POST body already parsed (the SDK then reads no stream, which costs far more than the parse). */
  handle(request: Request, caller: McpCaller, parsedBody?: unknown): Promise<Response>;
  close(): Promise<void>;
}

/**
 * Both protocol revisions on one URL, as the SDK's createMcpHandler documents for a sessionful
 * 2025 deployment beside a strict modern endpoint: requests isLegacyRequest classifies as 2025-era
 * go to 2025-11-25 sessions, everything else to the stateless 2026-07-28 handler (server/discover,
 * MCP-Protocol-Version / Mcp-Method / Mcp-Name checks, resultType, ttlMs / cacheScope).
 */
export function createMcpHttpHandler(deps: McpProtocolDeps, opts: { maxRequestBodySize: number }): McpHttpHandler {
  const onerror = (err: Error) => deps.log.debug({ err: { message: err.message } }, 'mcp request refused');
  // One cache for both eras: the server instances come and go per request, the endpoints' tools stay a few seconds.
  const offered = new EndpointToolCache(deps.execution.db, deps.execution.tools, deps.changes);
  const modern = createMcpHandler(() => buildMcpProtocolServer(deps, 'modern', offered), { legacy: 'reject', onerror, maxRequestBodySize: opts.maxRequestBodySize });
  const legacy = new LegacySessions(() => buildMcpProtocolServer(deps, 'legacy', offered), { maxRequestBodySize: opts.maxRequestBodySize, onerror });
  return {
    async handle(request, caller, parsedBody) {
      // The composition's own duty (createMcpHandler docs): the entry and isLegacyRequest do not check the media type.
      if (request.method === 'POST' && !isJsonContentType(request.headers.get('content-type'))) {
        return new Response(JSON.stringify({ error: 'unsupported_media_type', error_description: 'send Content-Type: application/json' }), { status: 415, headers: { 'content-type': 'application/json' } });
      }
      const body = parsedBody === undefined ? {} : { parsedBody };
      // A 2026-07-28 header is never legacy traffic (the modern path owns even its malformed requests): skip classifying.
      const modernHeader = request.headers.get('mcp-protocol-version') === MODERN_REVISION;
      if (!modernHeader && (await isLegacyRequest(request, parsedBody, { maxRequestBodySize: opts.maxRequestBodySize }))) return legacy.handle(request, caller, parsedBody);
      return modern.fetch(request, { authInfo: authInfoOf(caller), ...body });
    },
    async close() {
      await Promise.allSettled([modern.close(), legacy.close()]);
    },
  };
}
