import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { AccessTokens } from '../../modules/tokens/access-tokens.js';
import type { ErrorReporter } from '../../transport/errors/to-connect-error.js';
import { invalidArgument } from '../../modules/errors/domain-error.js';
import { findProvider, listProviders } from '../../modules/providers/provider-registry.js';
import { createCustomProvider, deleteCustomProvider, updateCustomProvider } from '../../modules/providers/custom/custom-providers.js';
import type { ChangeFeed } from '../../modules/changes/change-feed.js';
import { providerToJson } from '../../modules/providers/provider.js';
import { authenticatedRoute } from './authenticated-route.js';
import { registerPromotionRoutes } from './promotion-routes.js';
import { providerIdentifierParam } from './provider-identifier-param.js';
import { integerParam } from './query-params.js';

const QUERY_KEYS = new Set(['filter.provider_type', 'provider_type', 'page_size', 'page_token']);

/** The custom-provider management API of the seed `managing-providers.txt`. */
export function registerProviderRoutes(app: FastifyInstance, deps: { db: Kysely<Tables>; tokens: AccessTokens; report: ErrorReporter; changes?: ChangeFeed }): void {
  const route = (h: Parameters<typeof authenticatedRoute>[2]) => authenticatedRoute(deps.tokens, deps.report, h);
  const { db } = deps;
  // Connections resolve their provider's definition; the proxy caches that per environment.
  const changed = (envId: string) => deps.changes?.environmentChanged(envId);

  app.get('/api/v1/providers', route(async (req, p) => {
    const q = req.query as Record<string, string>;
    for (const k of Object.keys(q)) if (!QUERY_KEYS.has(k)) throw invalidArgument(k, 'is not a recognised query parameter (use filter.provider_type, page_size, page_token)');
    const page = await listProviders(db, p.environmentId, {
      providerType: q['filter.provider_type'] ?? q.provider_type,
      pageSize: integerParam('page_size', q.page_size),
      pageToken: q.page_token,
    });
    return { body: { providers: page.items.map(providerToJson), next_page_token: page.nextPageToken, total_size: page.totalSize } };
  }));

  app.get('/api/v1/providers/:identifier', route(async (req, p) => {
    const identifier = providerIdentifierParam(req);
    return { body: { provider: providerToJson(await findProvider(db, p.environmentId, identifier)) } };
  }));

  app.post('/api/v1/custom-providers', route(async (req, p) => {
    const provider = await createCustomProvider(db, p.environmentId, req.body);
    changed(p.environmentId);
    return { status: 201, body: { provider: providerToJson(provider) } };
  }));

  app.put('/api/v1/custom-providers/:identifier', route(async (req, p) => {
    const identifier = providerIdentifierParam(req);
    const provider = await updateCustomProvider(db, p.environmentId, identifier, req.body);
    changed(p.environmentId);
    return { body: { provider: providerToJson(provider) } };
  }));

  app.delete('/api/v1/custom-providers/:identifier', route(async (req, p) => {
    const identifier = providerIdentifierParam(req);
    await deleteCustomProvider(db, p.environmentId, identifier);
    changed(p.environmentId);
    return { body: {} };
  }));

  registerPromotionRoutes(app, { db, route, changed });
}
