import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { findAccountRow } from '../../accounts/account-lookup.js';
import { getConnectionRow } from '../../connections/connections.js';
import { notFound } from '../../errors/domain-error.js';

/** ListTools' account fields: together they name connected accounts (or, `connector` alone, a connection). */
export interface AccountFilter {
  connectedAccountId?: string;
  connector?: string;
  identifier?: string;
  organizationId?: string;
  userId?: string;
}

/**
 * The provider keys of the accounts (or connection) the filter names, or undefined when it names
 * none. Naming something that does not exist is not_found naming it, never an empty success.
 */
export async function accountProviders(db: Kysely<Tables>, envId: string, f: AccountFilter): Promise<Set<string> | undefined> {
  const id = f.connectedAccountId?.trim();
  const connector = f.connector?.trim();
  const identifier = f.identifier?.trim();
  const organizationId = f.organizationId?.trim();
  const userId = f.userId?.trim();
  if (id) return new Set([(await findAccountRow(db, envId, { id })).connection.provider_key]);
  if (connector && identifier) {
    const { connection } = await findAccountRow(db, envId, { connectionName: connector, identifier, organizationId, userId });
    return new Set([connection.provider_key]);
  }
  if (connector && !organizationId && !userId) return new Set([(await getConnectionRow(db, envId, { name: connector })).provider_key]);
  if (!connector && !identifier && !organizationId && !userId) return undefined;

  let q = db
    .selectFrom('connected_accounts as a')
    .innerJoin('connections as c', 'c.id', 'a.connection_id')
    .select('c.provider_key')
    .distinct()
    .where('a.environment_id', '=', envId);
  if (connector) q = q.where('c.connection_name', '=', connector);
  if (identifier) q = q.where('a.identifier', '=', identifier);
  if (organizationId) q = q.where('a.organization_id', '=', organizationId);
  if (userId) q = q.where('a.user_id', '=', userId);
  const rows = await q.execute();
  if (!rows.length) {
    const label = [connector, identifier, organizationId && `organization ${organizationId}`, userId && `user ${userId}`].filter(Boolean).join('/');
    throw notFound('connected account', label, 'CONNECTED_ACCOUNT_NOT_FOUND');
  }
  return new Set(rows.map((r) => r.provider_key));
}
