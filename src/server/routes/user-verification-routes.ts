import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { AccessTokens } from '../../modules/tokens/access-tokens.js';
import type { ErrorReporter } from '../../transport/errors/to-connect-error.js';
import { invalidArgument } from '../../modules/errors/domain-error.js';
import { setVerificationMode } from '../../modules/authorization/verification-mode.js';
import { readEnvironmentSettings } from '../../modules/environments/environment-settings.js';
import { authenticatedRoute } from './authenticated-route.js';

/**
 * The environment's user verification mode (seed "Verify user identity", Agent Auth > User
 * Verification), with the environment's access token:
 *   GET /api/v1/agent-auth/user-verification → {"mode": "custom" | "dashboard_users" | null}
 *   PUT /api/v1/agent-auth/user-verification   {"mode": "custom" | "dashboard_users"}
 */
export function registerUserVerificationRoutes(app: FastifyInstance, deps: { db: Kysely<Tables>; tokens: AccessTokens; report: ErrorReporter }): void {
  const route = (h: Parameters<typeof authenticatedRoute>[2]) => authenticatedRoute(deps.tokens, deps.report, h);
  const PATH = '/api/v1/agent-auth/user-verification';

  // Read now, not from the settings cache: an operator checks right after `latchkey verification set`.
  app.get(PATH, route(async (_req, p) => ({ body: { mode: (await readEnvironmentSettings(deps.db, p.environmentId)).user_verification ?? null } })));

  app.put(PATH, route(async (req, p) => {
    const body = req.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalidArgument('body', 'must be a JSON object such as {"mode":"custom"}');
    for (const k of Object.keys(body)) if (k !== 'mode') throw invalidArgument(k, 'is not a recognised field (send only "mode")');
    return { body: { mode: await setVerificationMode(deps.db, p.environmentId, (body as { mode?: unknown }).mode) } };
  }));
}
