import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { AccessTokens } from '../../modules/tokens/access-tokens.js';
import type { ErrorReporter } from '../../transport/errors/to-connect-error.js';
import type { ToolRegistry } from '../../modules/tools/registry/tool-registry.js';
import type { ChangeFeed } from '../../modules/changes/change-feed.js';
import { DomainError, invalidArgument } from '../../modules/errors/domain-error.js';
import { createMcpServer, deleteMcpServer, getMcpServerRow, listMcpServers, mcpServerView } from '../../modules/mcp/servers/mcp-servers.js';
import { disableConnectionEndpoint, enableConnectionEndpoint, listConnectionEndpoints } from '../../modules/mcp/endpoints/connection-endpoints.js';
import { issueMcpToken, listMcpTokens, revokeMcpToken } from '../../modules/mcp/tokens/mcp-tokens.js';
import { authenticatedRoute } from './authenticated-route.js';

const BASE = '/api/v1/agent-auth';

const param = (req: FastifyRequest, name: string): string => (req.params as Record<string, string>)[name];

function bodyObject(req: FastifyRequest, allowed: readonly string[]): Record<string, unknown> {
  const body = (req.body ?? {}) as unknown;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new DomainError('invalid_argument', 'the body must be a JSON object');
  for (const k of Object.keys(body)) if (!allowed.includes(k)) throw invalidArgument(k, `is not a recognised field (${allowed.join(', ') || 'none'})`);
  return body as Record<string, unknown>;
}

/**
 * Latchkey as an MCP server, per environment (the token's):
 *   POST   /api/v1/agent-auth/mcp-servers {name, connection_names, tool_names?, max_tools?, user_verify_url?}
 *   GET    /api/v1/agent-auth/mcp-servers[/{id}]          DELETE /api/v1/agent-auth/mcp-servers/{id}
 *   PUT    /api/v1/agent-auth/mcp-connections/{connection_name} {user_verify_url?}   serve one connection
 *   DELETE /api/v1/agent-auth/mcp-connections/{connection_name}                      stop serving it
 *   GET    /api/v1/agent-auth/mcp-connections
 *   POST   /api/v1/agent-auth/mcp-tokens {identifier, server_id | connection_name, expires_in?}  → the secret, once
 *   GET    /api/v1/agent-auth/mcp-tokens[?identifier=]    DELETE /api/v1/agent-auth/mcp-tokens/{id} (revoke)
 */
export function registerMcpAdminRoutes(
  app: FastifyInstance,
  deps: { db: Kysely<Tables>; tokens: AccessTokens; report: ErrorReporter; tools: ToolRegistry; publicUrl: string; changes?: ChangeFeed },
): void {
  const route = (h: Parameters<typeof authenticatedRoute>[2]) => authenticatedRoute(deps.tokens, deps.report, h);
  const { db, publicUrl } = deps;
  // The MCP route caches verified callers and endpoint tools: every write here drops the environment's at once.
  const changed = (envId: string) => deps.changes?.environmentChanged(envId);

  app.post(`${BASE}/mcp-servers`, route(async (req, p) => ({ body: await createMcpServer(db, deps.tools, p.environmentId, publicUrl, req.body) })));
  app.get(`${BASE}/mcp-servers`, route(async (_req, p) => ({ body: { mcp_servers: await listMcpServers(db, p.environmentId, publicUrl) } })));
  app.get(`${BASE}/mcp-servers/:id`, route(async (req, p) => ({ body: mcpServerView(publicUrl, await getMcpServerRow(db, p.environmentId, param(req, 'id'))) })));
  app.delete(`${BASE}/mcp-servers/:id`, route(async (req, p) => {
    await deleteMcpServer(db, p.environmentId, param(req, 'id'));
    changed(p.environmentId);
    return { body: {} };
  }));

  app.put(`${BASE}/mcp-connections/:connection_name`, route(async (req, p) => {
    const body = bodyObject(req, ['user_verify_url']);
    if (body.user_verify_url !== undefined && body.user_verify_url !== null && typeof body.user_verify_url !== 'string') throw invalidArgument('user_verify_url', 'must be a URL string');
    const enabled = await enableConnectionEndpoint(db, p.environmentId, publicUrl, param(req, 'connection_name'), { userVerifyUrl: body.user_verify_url as string | null | undefined });
    changed(p.environmentId);
    return { body: enabled };
  }));
  app.delete(`${BASE}/mcp-connections/:connection_name`, route(async (req, p) => {
    await disableConnectionEndpoint(db, p.environmentId, param(req, 'connection_name'));
    changed(p.environmentId);
    return { body: {} };
  }));
  app.get(`${BASE}/mcp-connections`, route(async (_req, p) => ({ body: { mcp_connections: await listConnectionEndpoints(db, p.environmentId, publicUrl) } })));

  app.post(`${BASE}/mcp-tokens`, route(async (req, p) => ({ body: await issueMcpToken(db, p.environmentId, publicUrl, req.body) })));
  app.get(`${BASE}/mcp-tokens`, route(async (req, p) => {
    const q = req.query as Record<string, unknown>;
    for (const k of Object.keys(q)) if (k !== 'identifier') throw invalidArgument(k, 'is not a recognised query parameter (use identifier)');
    if (Array.isArray(q.identifier)) throw invalidArgument('identifier', 'must be given once');
    return { body: { mcp_tokens: await listMcpTokens(db, p.environmentId, { identifier: (q.identifier as string | undefined) || undefined }) } };
  }));
  app.delete(`${BASE}/mcp-tokens/:id`, route(async (req, p) => {
    await revokeMcpToken(db, p.environmentId, param(req, 'id'));
    changed(p.environmentId);
    return { body: {} };
  }));
}
