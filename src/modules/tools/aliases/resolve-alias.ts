import type { JsonObject } from '@bufbuild/protobuf';
import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { DomainError } from '../../errors/domain-error.js';
import type { AliasTarget, ToolAlias } from './alias-spec.js';
import { TOOL_ALIASES } from './alias-table.js';

/** `context.tools.execute`'s argument. */
export interface NestedToolCall {
  tool: string;
  parameters?: JsonObject;
  connected_account_id?: string;
}

export interface ResolvedAlias {
  alias: ToolAlias;
  target: AliasTarget;
  /** The concrete call: the catalog tool, its input, and the account it runs as. */
  call: NestedToolCall & { connected_account_id: string };
}

interface Candidate { id: string; provider: string; connector: string }

const providersOf = (a: ToolAlias) => a.targets.map((t) => t.provider);

/**
 * A generic name (`send_email`) → the catalog tool for the provider the user has: the account the
 * call names; else the account the code tool itself runs as, when it fits; else the user's ACTIVE
 * accounts, providers in the alias's order of preference. Several accounts of the chosen provider
 * are refused naming their connections (pass connected_account_id). Undefined for other names.
 */
export async function resolveAlias(
  db: Kysely<Tables>,
  envId: string,
  user: { identifier: string; ownAccountId?: string },
  call: NestedToolCall,
): Promise<ResolvedAlias | undefined> {
  const alias = TOOL_ALIASES.get(call.tool);
  if (!alias) return undefined;
  const providers = providersOf(alias);
  const base = db
    .selectFrom('connected_accounts as a')
    .innerJoin('connections as c', 'c.id', 'a.connection_id')
    .select(['a.id as id', 'c.provider_key as provider', 'c.connection_name as connector'])
    .where('a.environment_id', '=', envId);
  let chosen: Candidate | undefined;
  if (call.connected_account_id) {
    chosen = await base.where('a.id', '=', call.connected_account_id).executeTakeFirst();
    if (!chosen) throw new DomainError('not_found', `connected account '${call.connected_account_id}' was not found in this environment`, { reason: 'CONNECTED_ACCOUNT_NOT_FOUND' });
    if (!providers.includes(chosen.provider)) {
      throw new DomainError('failed_precondition', `${alias.name} runs on ${providers.join(' or ')}; account '${chosen.id}' is on ${chosen.provider}`, { reason: 'TOOL_PROVIDER_MISMATCH' });
    }
  } else {
    const active = await base.where('a.identifier', '=', user.identifier).where('a.status', '=', 'ACTIVE').where('c.provider_key', 'in', providers).orderBy('c.connection_name').execute();
    chosen = active.find((a) => a.id === user.ownAccountId) ?? pick(alias, active, user.identifier);
  }
  const target = alias.targets.find((t) => t.provider === chosen.provider) as AliasTarget;
  return { alias, target, call: { tool: target.tool, parameters: target.params(call.parameters ?? {}), connected_account_id: chosen.id } };
}

function pick(alias: ToolAlias, active: Candidate[], identifier: string): Candidate {
  for (const provider of providersOf(alias)) {
    const of = active.filter((a) => a.provider === provider);
    if (of.length === 1) return of[0];
    if (of.length > 1) {
      throw new DomainError('failed_precondition', `${alias.name}: '${identifier}' has ACTIVE ${provider} accounts on several connections (${of.map((a) => a.connector).join(', ')}); pass connected_account_id`, { reason: 'CONNECTED_ACCOUNT_AMBIGUOUS' });
    }
  }
  throw new DomainError(
    'failed_precondition',
    `${alias.name} needs an ACTIVE ${providersOf(alias).join(' or ')} account for '${identifier}'; connect one through an authorization link (actions.getAuthorizationLink)`,
    { reason: 'CONNECTED_ACCOUNT_NOT_FOUND' },
  );
}
