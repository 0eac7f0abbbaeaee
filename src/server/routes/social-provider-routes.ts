import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { Vault } from '../../modules/vault/vault.js';
import type { AccessTokens } from '../../modules/tokens/access-tokens.js';
import type { ErrorReporter } from '../../transport/errors/to-connect-error.js';
import {
  createSocialProvider, getSocialProvider, listConfiguredSocialProviders, removeSocialProvider, socialProviderJson, updateSocialProvider,
} from '../../modules/social-login/index.js';
import { authenticatedRoute } from './authenticated-route.js';

/**
 * The environment's social login providers (README "Social login"), with its access token:
 *   GET    /api/v1/agent-auth/social-providers        → {"social_providers": [...]}
 *   POST   /api/v1/agent-auth/social-providers          {"key":"google","client_id":"…","client_secret":"…"} → 201 {"social_provider": {...}}
 *   GET    /api/v1/agent-auth/social-providers/:key   → {"social_provider": {...}}
 *   PATCH  /api/v1/agent-auth/social-providers/:key     {"enabled": false, …} → {"social_provider": {...}}
 *   DELETE /api/v1/agent-auth/social-providers/:key   → {}
 * The client secret is write-only: answers carry `client_secret_hint` (its last 4 characters at most).
 */
export function registerSocialProviderRoutes(app: FastifyInstance, deps: { db: Kysely<Tables>; vault: Vault; tokens: AccessTokens; report: ErrorReporter }): void {
  const route = (h: Parameters<typeof authenticatedRoute>[2]) => authenticatedRoute(deps.tokens, deps.report, h);
  const PATH = '/api/v1/agent-auth/social-providers';
  const keyOf = (req: { params: unknown }) => (req.params as { key: string }).key;

  app.get(PATH, route(async (_req, p) => ({ body: { social_providers: (await listConfiguredSocialProviders(deps.db, p.environmentId)).map(socialProviderJson) } })));
  app.post(PATH, route(async (req, p) => ({ status: 201, body: { social_provider: socialProviderJson(await createSocialProvider(deps.db, deps.vault, p.environmentId, req.body)) } })));
  app.get(`${PATH}/:key`, route(async (req, p) => ({ body: { social_provider: socialProviderJson(await getSocialProvider(deps.db, p.environmentId, keyOf(req))) } })));
  app.patch(`${PATH}/:key`, route(async (req, p) => ({ body: { social_provider: socialProviderJson(await updateSocialProvider(deps.db, deps.vault, p.environmentId, keyOf(req), req.body)) } })));
  app.delete(`${PATH}/:key`, route(async (req, p) => {
    await removeSocialProvider(deps.db, p.environmentId, keyOf(req));
    return { body: {} };
  }));
}
