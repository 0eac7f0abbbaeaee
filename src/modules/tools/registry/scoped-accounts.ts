import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';

export interface ScopedAccount {
  accountId: string;
  connectionName: string;
  providerKey: string;
  connectionId: string;
  organizationId: string | null;
}

/**
 * The identifier's ACTIVE accounts on enabled connections, in one query served by the
 * (environment_id, identifier, status) index (migration 0009); optionally narrowed in SQL.
 */
export async function activeAccountsOf(
  db: Kysely<Tables>,
  envId: string,
  identifier: string,
  narrow: { connectionNames?: string[]; providerKeys?: string[] } = {},
): Promise<ScopedAccount[]> {
  let q = db
    .selectFrom('connected_accounts as a')
    .innerJoin('connections as c', 'c.id', 'a.connection_id')
    .select(['a.id as accountId', 'c.connection_name as connectionName', 'c.provider_key as providerKey', 'c.id as connectionId', 'a.organization_id as organizationId'])
    .where('a.environment_id', '=', envId)
    .where('a.identifier', '=', identifier)
    .where('a.status', '=', 'ACTIVE')
    // A disabled connection refuses every call, so its tools are not the user's to call.
    .where('c.enabled', '=', 1);
  if (narrow.connectionNames?.length) q = q.where('c.connection_name', 'in', narrow.connectionNames);
  if (narrow.providerKeys?.length) q = q.where('c.provider_key', 'in', narrow.providerKeys);
  return q.execute();
}
