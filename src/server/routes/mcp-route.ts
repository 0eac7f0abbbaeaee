import type { IncomingMessage, ServerResponse } from 'node:http';
import { bearerAuthChallengeResponse, OAuthError, OAuthErrorCode } from '@modelcontextprotocol/server';
import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { Logger } from '../../logging/logger.js';
import type { Metrics } from '../metrics.js';
import type { ChangeFeed } from '../../modules/changes/change-feed.js';
import { authenticateMcpCaller } from '../../modules/mcp/auth/authenticate-mcp-caller.js';
import { McpCallerCache } from '../../modules/mcp/auth/caller-cache.js';
import { McpAuthError, McpEndpointNotFound } from '../../modules/mcp/auth/mcp-auth-error.js';
import { endpointOfPath, resourceMetadataUrl, MCP_BASE_PATH, PROTECTED_RESOURCE_PREFIX } from '../../modules/mcp/endpoints/mcp-endpoint.js';
import { protectedResourceMetadata } from '../../modules/mcp/endpoints/protected-resource-metadata.js';
import type { McpHttpHandler } from '../../modules/mcp/protocol/mcp-http-handler.js';
import { toWebRequest, writeWebResponse } from './mcp-node-bridge.js';
import { readNodeBody } from './read-node-body.js';
import { originAllowed } from './mcp-origin.js';

const METADATA_PREFIX = `${PROTECTED_RESOURCE_PREFIX}${MCP_BASE_PATH}/`;

/** Whether a request target is an MCP endpoint or its protected-resource metadata (served beside Fastify, like /proxy). */
export const isMcpPath = (url: string | undefined): boolean => url !== undefined && (url.startsWith(`${MCP_BASE_PATH}/`) || url.startsWith(METADATA_PREFIX));

export interface McpRouteDeps {
  db: Kysely<Tables>;
  publicUrl: string;
  /** Browser origins allowed to call MCP endpoints (MCP_ALLOWED_ORIGINS); requests without Origin are not browsers and pass. */
  allowedOrigins: readonly string[];
  mcp: McpHttpHandler;
  /** What this process changes (a token revoked, an endpoint removed): verified callers are forgotten at once. */
  changes?: ChangeFeed;
  /** Largest request body read (MAX_BODY_BYTES; 413 beyond). */
  maxBodyBytes: number;
  metrics: Metrics;
  log: Logger;
  report(err: unknown): string;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** The body as JSON for the SDK's `parsedBody`, or undefined when it is none (the SDK then answers the parse error itself). */
function parsedJson(body: string | undefined): unknown {
  if (!body) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** RFC 9728 documents: public, cacheable, readable from any origin (browser-based clients discover through them). */
function metadataResponse(publicUrl: string, method: string, rest: string): Response {
  const endpoint = endpointOfPath(rest);
  if (!endpoint) return json(404, { error: 'not_found', error_description: 'no MCP endpoint at that path' });
  const cors = { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, OPTIONS' };
  if (method === 'OPTIONS') return new Response(null, { status: 204, headers: cors });
  if (method !== 'GET' && method !== 'HEAD') return json(405, { error: 'method_not_allowed' }, { allow: 'GET, OPTIONS', ...cors });
  return json(200, protectedResourceMetadata(publicUrl, endpoint), { 'cache-control': 'public, max-age=300', ...cors });
}

/**
 * The MCP endpoints on the raw Node request path: Origin checked first (403), then the caller
 * authenticated (401 with the RFC 9728 resource_metadata pointer), then the SDK serves the
 * protocol (both revisions). One log line per request: method, path, status, duration.
 */
export function createMcpRoute(deps: McpRouteDeps) {
  const series = deps.metrics.requests.route('http', `${MCP_BASE_PATH}/*`);
  const callers = new McpCallerCache(deps.changes);

  async function answer(req: IncomingMessage, res: ServerResponse, path: string): Promise<Response | undefined> {
    const method = req.method ?? 'GET';
    if (path.startsWith(METADATA_PREFIX)) return metadataResponse(deps.publicUrl, method, path.slice(PROTECTED_RESOURCE_PREFIX.length));
    const endpoint = endpointOfPath(path);
    if (!endpoint) return json(404, { error: 'not_found', error_description: 'no MCP endpoint at that path (use /mcp/v3/connections/<connection_name> or /mcp/v3/servers/<server_id>)' });
    if (!originAllowed(req.headers.origin, deps.allowedOrigins)) return json(403, { error: 'forbidden', error_description: 'this Origin may not call Latchkey MCP endpoints (MCP_ALLOWED_ORIGINS)' });
    const metadata = resourceMetadataUrl(deps.publicUrl, endpoint);
    let caller;
    try {
      caller = await authenticateMcpCaller(deps.db, req.headers.authorization, endpoint, { cache: callers });
    } catch (err) {
      if (err instanceof McpAuthError) return bearerAuthChallengeResponse(new OAuthError(OAuthErrorCode.InvalidToken, err.description), { resourceMetadataUrl: metadata });
      if (err instanceof McpEndpointNotFound) return json(404, { error: 'not_found', error_description: err.message });
      throw err;
    }
    let body: string | undefined;
    if (method !== 'GET' && method !== 'HEAD') {
      const read = await readNodeBody(req, deps.maxBodyBytes);
      if (read.tooLarge) return json(413, { error: 'request_too_large', error_description: `the request body exceeds ${deps.maxBodyBytes} bytes (MAX_BODY_BYTES)` });
      body = read.text;
    }
    await writeWebResponse(res, await deps.mcp.handle(toWebRequest(req, res, deps.publicUrl, body), caller, parsedJson(body)));
    return undefined;
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    const path = (req.url ?? '/').split('?')[0];
    res.once('close', () => {
      const ms = performance.now() - started;
      series.record(res.statusCode, ms / 1000);
      deps.log.info({ method: req.method, path, status: res.statusCode, ms: Math.round(ms) }, 'request');
    });
    answer(req, res, path)
      .then((response) => (response ? writeWebResponse(res, response) : undefined))
      .catch((err: unknown) => {
        const id = deps.report(err);
        if (res.headersSent) res.destroy();
        else void writeWebResponse(res, json(500, { error: 'server_error', error_description: `internal error; quote request id ${id} when reporting it` }));
      });
  };
}
