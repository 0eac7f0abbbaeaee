import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { AccessTokens } from '../../modules/tokens/access-tokens.js';
import type { ErrorReporter } from '../../transport/errors/to-connect-error.js';
import { invalidArgument } from '../../modules/errors/domain-error.js';
import { passwordlessTypeSetting, setPasswordlessType } from '../../modules/passwordless/index.js';
import { authenticatedRoute } from './authenticated-route.js';

/**
 * The environment's passwordless type (README "Passwordless email"), with its access token:
 *   GET /api/v1/agent-auth/passwordless → {"passwordless_type": "OTP" | "LINK" | "LINK_OTP" | null}
 *   PUT /api/v1/agent-auth/passwordless   {"passwordless_type": "LINK"} (null clears it)
 */
export function registerPasswordlessSettingsRoutes(app: FastifyInstance, deps: { db: Kysely<Tables>; tokens: AccessTokens; report: ErrorReporter }): void {
  const route = (h: Parameters<typeof authenticatedRoute>[2]) => authenticatedRoute(deps.tokens, deps.report, h);
  const PATH = '/api/v1/agent-auth/passwordless';

  app.get(PATH, route(async (_req, p) => ({ body: { passwordless_type: (await passwordlessTypeSetting(deps.db, p.environmentId)) ?? null } })));

  app.put(PATH, route(async (req, p) => {
    const body = req.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalidArgument('body', 'must be a JSON object such as {"passwordless_type":"LINK_OTP"}');
    for (const k of Object.keys(body)) if (k !== 'passwordless_type') throw invalidArgument(k, 'is not a recognised field (send only "passwordless_type")');
    if (!('passwordless_type' in body)) throw invalidArgument('passwordless_type', 'is required: OTP, LINK, LINK_OTP, or null to clear it');
    const type = await setPasswordlessType(deps.db, p.environmentId, (body as { passwordless_type?: unknown }).passwordless_type);
    return { body: { passwordless_type: type ?? null } };
  }));
}
