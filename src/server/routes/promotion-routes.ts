import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { invalidArgument } from '../../modules/errors/domain-error.js';
import { getEnvironment } from '../../modules/environments/environments.js';
import { planPromotion, promoteProvider, type PromotionPlan } from '../../modules/providers/custom/promote.js';
import type { authenticatedRoute } from './authenticated-route.js';
import { providerIdentifierParam } from './provider-identifier-param.js';

type Route = (h: Parameters<typeof authenticatedRoute>[2]) => ReturnType<typeof authenticatedRoute>;

const PULL_MODEL =
  "a promotion is made by the environment it writes: call this endpoint with the target environment's token " +
  '(e.g. production\'s) and name the source in "from", e.g. {"from":"development"}';

const ENVIRONMENT_NAME = /^[a-z][a-z0-9_-]{0,62}$/;

/** `{from, confirm_destination_change}` from the query (plan) or the JSON body (apply). */
function readPromotionRequest(input: unknown, where: 'query' | 'body'): { from: string; confirm: boolean } {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw invalidArgument('(root)', 'must be a JSON object such as {"from":"development"}');
  const o = input as Record<string, unknown>;
  // The old push form let any environment's token write another environment; refuse it loudly.
  if ('to' in o) throw invalidArgument('to', `is not accepted: ${PULL_MODEL}`);
  const allowed = where === 'body' ? ['from', 'confirm_destination_change'] : ['from'];
  for (const k of Object.keys(o)) if (!allowed.includes(k)) throw invalidArgument(k, `is not a recognised ${where === 'body' ? 'field' : 'query parameter'} (use ${allowed.join(', ')})`);
  if (typeof o.from !== 'string' || !o.from.trim()) throw invalidArgument('from', `is required: the environment to copy the definition from; ${PULL_MODEL}`);
  if (!ENVIRONMENT_NAME.test(o.from.trim())) throw invalidArgument('from', 'must be an environment name such as "development"');
  const confirm = o.confirm_destination_change;
  if (confirm !== undefined && typeof confirm !== 'boolean') throw invalidArgument('confirm_destination_change', 'must be true or false');
  return { from: o.from.trim(), confirm: confirm === true };
}

const planJson = (plan: PromotionPlan, applied: boolean) => ({
  identifier: plan.identifier,
  from: plan.from,
  to: plan.to,
  action: plan.action,
  changes: plan.changes,
  destination_changes: plan.destinationChanges,
  confirmation_required: plan.destinationChanges.length > 0,
  applied,
});

/**
 * Promotion as an act of the TARGET environment: its token pulls a custom provider's definition
 * from `from`. No token can write an environment other than its own.
 */
export function registerPromotionRoutes(app: FastifyInstance, deps: { db: Kysely<Tables>; route: Route; changed: (envId: string) => void }): void {
  const { db, route } = deps;
  const promotion = (apply: boolean) =>
    route(async (req, p) => {
      const identifier = providerIdentifierParam(req);
      const { from, confirm } = readPromotionRequest(apply ? req.body ?? {} : req.query, apply ? 'body' : 'query');
      const target = (await getEnvironment(db, p.environmentId))!.name;
      if (from === target) throw invalidArgument('from', `must name another environment than this token's ('${target}'): ${PULL_MODEL}`);
      if (!apply) return { body: planJson(await planPromotion(db, identifier, from, target), false) };
      const plan = await promoteProvider(db, identifier, from, target, { confirmDestinationChange: confirm });
      if (plan.action !== 'none') deps.changed(p.environmentId);
      return { body: planJson(plan, plan.action !== 'none') };
    });
  app.get('/api/v1/custom-providers/:identifier/promotion', promotion(false));
  app.post('/api/v1/custom-providers/:identifier/promotion', promotion(true));
}
