import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { DomainError, invalidArgument, notFound } from '../../errors/domain-error.js';
import { findEnvironmentByName } from '../../environments/environments.js';
import type { ProviderDefinition } from '../definition/provider-definition.js';
import { createCustomProvider, getCustomProvider, updateCustomProvider } from './custom-providers.js';
import { diffJson, type DefinitionChange } from './definition-diff.js';
import { describeDestinationChange, destinationChanges, type DestinationChange } from './credential-destinations.js';

export type { DefinitionChange } from './definition-diff.js';
export type { DestinationChange } from './credential-destinations.js';

/**
 * Promotion copies one custom provider's definition from a source environment into a target one.
 * Who may do it is the caller's business (the API lets only the TARGET's token pull; the CLI is the
 * operator); this module makes sure the write is the one that was planned and that a change of
 * where credentials are sent is never applied unconfirmed.
 */
export interface PromotionPlan {
  identifier: string;
  from: string;
  to: string;
  action: 'create' | 'update' | 'none';
  changes: DefinitionChange[];
  /** Fields whose host changes; a new provider changes all of them from nothing. Empty: no confirmation needed. */
  destinationChanges: DestinationChange[];
}

async function prepare(db: Kysely<Tables>, identifier: string, fromName: string, toName: string) {
  if (fromName === toName) throw invalidArgument('from', `and the target must be different environments (both are '${toName}')`);
  const [from, to] = [await findEnvironmentByName(db, fromName), await findEnvironmentByName(db, toName)];
  const source = await getCustomProvider(db, from.id, identifier);
  if (!source) throw notFound('custom provider', `${identifier}' in environment '${fromName}`, 'PROVIDER_NOT_FOUND');
  const target = await getCustomProvider(db, to.id, identifier);
  const changes = diffJson(target?.definition ?? {}, source.definition);
  const action = !target ? 'create' : changes.length ? 'update' : 'none';
  const plan: PromotionPlan = { identifier, from: fromName, to: toName, action, changes, destinationChanges: destinationChanges(target?.definition, source.definition) };
  return { plan, source: source.definition, targetEnvId: to.id };
}

/** What promoting `identifier` from one environment to another would do; changes nothing. */
export async function planPromotion(db: Kysely<Tables>, identifier: string, fromName: string, toName: string): Promise<PromotionPlan> {
  return (await prepare(db, identifier, fromName, toName)).plan;
}

function destinationChangeRefused(plan: PromotionPlan): DomainError {
  const what = plan.action === 'create' ? `creating '${plan.identifier}' in ${plan.to}` : `updating '${plan.identifier}' in ${plan.to}`;
  return new DomainError(
    'failed_precondition',
    `${what} from ${plan.from} changes where credentials are sent: ${plan.destinationChanges.map(describeDestinationChange).join('; ')}. ` +
      'Nothing was changed. Review the plan, then repeat with "confirm_destination_change": true (CLI: --confirm-destination-change)',
    {
      reason: 'PROMOTION_CHANGES_DESTINATIONS',
      violations: plan.destinationChanges.map((c) => ({ field: c.path, description: `host changes from ${c.from ?? '(none)'} to ${c.to ?? '(none)'}` })),
    },
  );
}

/**
 * Create-or-update in the target from the source definition; a no-op when they match. Refused
 * (nothing written) when a credential destination's host changes without `confirmDestinationChange`.
 * Writes exactly the definition the plan was made from, so a concurrent edit of the source cannot
 * slip an unchecked host in between check and write.
 */
export async function promoteProvider(
  db: Kysely<Tables>,
  identifier: string,
  fromName: string,
  toName: string,
  opts: { confirmDestinationChange?: boolean } = {},
): Promise<PromotionPlan> {
  const { plan, source, targetEnvId } = await prepare(db, identifier, fromName, toName);
  if (plan.action === 'none') return plan;
  if (plan.destinationChanges.length && opts.confirmDestinationChange !== true) throw destinationChangeRefused(plan);
  const body: ProviderDefinition = { ...source, key: identifier };
  if (plan.action === 'create') await createCustomProvider(db, targetEnvId, body);
  else await updateCustomProvider(db, targetEnvId, identifier, body);
  return plan;
}
