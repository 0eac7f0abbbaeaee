import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { AccessTokens } from '../../modules/tokens/access-tokens.js';
import type { ErrorReporter } from '../../transport/errors/to-connect-error.js';
import { invalidArgument } from '../../modules/errors/domain-error.js';
import { builtinToolRegistry, type ToolRegistry } from '../../modules/tools/registry/tool-registry.js';
import { environmentToolRegistry } from '../../modules/tools/registry/environment-registry.js';
import { deleteToolModifier, getToolModifier, listToolModifiers, setToolModifier, type ModifierScope } from '../../modules/tools/modifiers/tool-modifiers.js';
import { authenticatedRoute } from './authenticated-route.js';
import { integerParam } from './query-params.js';

const PATH = '/api/v1/agent-auth/tool-modifiers';

/** The query parameters a route takes, each at most once; anything else is a typo worth reporting. */
function queryOf(req: FastifyRequest, allowed: readonly string[]): Record<string, string | undefined> {
  const q = req.query as Record<string, unknown>;
  for (const k of Object.keys(q)) if (!allowed.includes(k)) throw invalidArgument(k, `is not a recognised query parameter (use ${allowed.join(', ')})`);
  for (const k of allowed) if (Array.isArray(q[k])) throw invalidArgument(k, 'must be given once');
  return q as Record<string, string | undefined>;
}

const scopeOf = (req: FastifyRequest): ModifierScope => ({
  toolName: (req.params as { tool_name: string }).tool_name,
  connectionName: queryOf(req, ['connection_name']).connection_name || null,
});

/**
 * Tool modifiers of the token's environment (see src/modules/tools/modifiers/modifier-rule.ts):
 *   GET    /api/v1/agent-auth/tool-modifiers?tool_name=&page_size=&page_token= → {modifiers, next_page_token, total_size}
 *   GET    /api/v1/agent-auth/tool-modifiers/{tool_name}[?connection_name=]     → the modifier of that scope
 *   PUT    /api/v1/agent-auth/tool-modifiers/{tool_name}[?connection_name=]  {"pre": [...], "post": {...}} → stored
 *   DELETE /api/v1/agent-auth/tool-modifiers/{tool_name}[?connection_name=]     → {}
 * Without connection_name the rule is environment-wide; with it, it applies to that connection only.
 */
export function registerToolModifierRoutes(app: FastifyInstance, deps: { db: Kysely<Tables>; tokens: AccessTokens; report: ErrorReporter; tools?: ToolRegistry }): void {
  const route = (h: Parameters<typeof authenticatedRoute>[2]) => authenticatedRoute(deps.tokens, deps.report, h);
  // The environment's tools, custom ones included: their executions apply modifiers too.
  const tools = (envId: string) => environmentToolRegistry(deps.db, deps.tools ?? builtinToolRegistry(), envId);

  app.get(PATH, route(async (req, p) => {
    const q = queryOf(req, ['tool_name', 'page_size', 'page_token']);
    const page = await listToolModifiers(deps.db, p.environmentId, {
      toolName: q.tool_name || undefined,
      pageSize: integerParam('page_size', q.page_size),
      pageToken: q.page_token || undefined,
    });
    return { body: { modifiers: page.modifiers, next_page_token: page.nextPageToken, total_size: page.totalSize } };
  }));
  app.get(`${PATH}/:tool_name`, route(async (req, p) => ({ body: await getToolModifier(deps.db, await tools(p.environmentId), p.environmentId, scopeOf(req)) })));
  app.put(`${PATH}/:tool_name`, route(async (req, p) => ({ body: await setToolModifier(deps.db, await tools(p.environmentId), p.environmentId, scopeOf(req), req.body) })));
  app.delete(`${PATH}/:tool_name`, route(async (req, p) => {
    await deleteToolModifier(deps.db, await tools(p.environmentId), p.environmentId, scopeOf(req));
    return { body: {} };
  }));
}
