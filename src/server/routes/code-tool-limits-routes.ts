import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { AccessTokens } from '../../modules/tokens/access-tokens.js';
import type { ErrorReporter } from '../../transport/errors/to-connect-error.js';
import { invalidArgument } from '../../modules/errors/domain-error.js';
import { getEnvironmentSettings } from '../../modules/environments/environment-settings.js';
import { sandboxLimitsFor, setSandboxLimits } from '../../modules/tools/sandbox/index.js';
import { authenticatedRoute } from './authenticated-route.js';

/**
 * The environment's code-tool sandbox limits (README "Code tools"), with its access token:
 *   GET /api/v1/agent-auth/code-tool-limits → {"limits": {effective}, "overrides": {as set}}
 *   PUT /api/v1/agent-auth/code-tool-limits   {"limits": {"cpuMs": 500}} → the same (replaces the overrides; {} resets)
 */
export function registerCodeToolLimitsRoutes(app: FastifyInstance, deps: { db: Kysely<Tables>; tokens: AccessTokens; report: ErrorReporter }): void {
  const route = (h: Parameters<typeof authenticatedRoute>[2]) => authenticatedRoute(deps.tokens, deps.report, h);
  const PATH = '/api/v1/agent-auth/code-tool-limits';
  const view = async (envId: string) => ({
    limits: await sandboxLimitsFor(deps.db, envId),
    overrides: (await getEnvironmentSettings(deps.db, envId)).code_tool_limits ?? {},
  });

  app.get(PATH, route(async (_req, p) => ({ body: await view(p.environmentId) })));

  app.put(PATH, route(async (req, p) => {
    const body = req.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalidArgument('body', 'must be a JSON object such as {"limits":{"cpuMs":500}}');
    for (const k of Object.keys(body)) if (k !== 'limits') throw invalidArgument(k, 'is not a recognised field (send only "limits")');
    if (!('limits' in body)) throw invalidArgument('limits', 'is required: the limits to set over the defaults ({} resets them)');
    await setSandboxLimits(deps.db, p.environmentId, (body as { limits?: unknown }).limits);
    return { body: await view(p.environmentId) };
  }));
}
