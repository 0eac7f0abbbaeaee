import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { AccessTokens } from '../../modules/tokens/access-tokens.js';
import type { ErrorReporter } from '../../transport/errors/to-connect-error.js';
import { invalidArgument } from '../../modules/errors/domain-error.js';
import { findProvider, listProviders } from '../../modules/providers/provider-registry.js';
import { createCustomProvider, deleteCustomProvider, updateCustomProvider } from '../../modules/providers/custom/custom-providers.js';
import { planPromotion, promoteProvider } from '../../modules/providers/custom/promote.js';
import { findEnvironmentByName, getEnvironment } from '../../modules/environments/environments.js';
import type { ChangeFeed } from '../../modules/changes/change-feed.js';
import { providerToJson } from '../../modules/providers/provider.js';
import { authenticatedRoute } from './authenticated-route.js';
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
    const { identifier } = req.params as { identifier: string };
    return { body: { provider: providerToJson(await findProvider(db, p.environmentId, identifier)) } };
  }));

  app.post('/api/v1/custom-providers', route(async (req, p) => {
    const provider = await createCustomProvider(db, p.environmentId, req.body);
    changed(p.environmentId);
    return { status: 201, body: { provider: providerToJson(provider) } };
  }));

  app.put('/api/v1/custom-providers/:identifier', route(async (req, p) => {
    const { identifier } = req.params as { identifier: string };
    const provider = await updateCustomProvider(db, p.environmentId, identifier, req.body);
    changed(p.environmentId);
    return { body: { provider: providerToJson(provider) } };
  }));

  app.delete('/api/v1/custom-providers/:identifier', route(async (req, p) => {
    const { identifier } = req.params as { identifier: string };
    await deleteCustomProvider(db, p.environmentId, identifier);
    changed(p.environmentId);
    return { body: {} };
  }));

  // Promotion from the caller's environment (the source of truth, usually development) to `to`.
  const promotion = (apply: boolean) =>
    route(async (req, p) => {
      const { identifier } = req.params as { identifier: string };
      const body = (apply ? req.body ?? {} : req.query) as { to?: unknown };
      if (typeof body.to !== 'string' || !body.to) throw invalidArgument('to', 'is required: the environment to promote into, e.g. "production"');
      const from = (await getEnvironment(db, p.environmentId))!.name;
      const plan = apply ? await promoteProvider(db, identifier, from, body.to) : await planPromotion(db, identifier, from, body.to);
      if (apply && plan.action !== 'none') changed((await findEnvironmentByName(db, body.to)).id);
      return { body: { ...plan, applied: apply && plan.action !== 'none' } };
    });
  app.get('/api/v1/custom-providers/:identifier/promotion', promotion(false));
  app.post('/api/v1/custom-providers/:identifier/promotion', promotion(true));
}
