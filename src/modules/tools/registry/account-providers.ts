import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { findAccountRow } from '../../accounts/account-lookup.js';
import { getConnectionRow } from '../../connections/connections.js';
import { notFound } from '../../errors/domain-error.js';
import { callerOf, type CallerScope } from '../custom/tool-scope.js';
import type { ToolAccount } from './account-tool-source.js';

/** ListTools' account fields: together they name connected accounts (or, `connector` alone, a connection). */
export interface AccountFilter {
  connectedAccountId?: string;
  connector?: string;
  identifier?: string;
  organizationId?: string;
  userId?: string;
}

/** What the filter names: the providers of its accounts (or connection), and who they are for the scope rule. */
export interface AccountScope {
  providers: Set<string>;
  caller: CallerScope;
  /** False when `connector` alone named a connection: no user, so code tools are listed only when scoped to it. */
  namesAccounts: boolean;
  /** The ACTIVE accounts named, whose own tools (account-tool-source.ts) are listed too. */
  accounts: ToolAccount[];
}

type Found = { organization_id: string | null; connection_id: string; provider_key: string; account_id?: string; connection_name?: string; identifier?: string; status?: string };
const scopeOf = (rows: Found[], namesAccounts: boolean, organizationId?: string): AccountScope => ({
  providers: new Set(rows.map((r) => r.provider_key)),
  caller: callerOf(rows.map((r) => ({ organizationId: r.organization_id, connectionId: r.connection_id })), organizationId),
  namesAccounts,
  accounts: rows
    .filter((r) => r.status === 'ACTIVE' && r.account_id)
    .map((r) => ({ accountId: r.account_id!, connectionId: r.connection_id, connectionName: r.connection_name!, providerKey: r.provider_key, identifier: r.identifier! })),
});

/**
 * The accounts (or connection) the filter names, or undefined when it names none. Naming
 * something that does not exist is not_found naming it, never an empty success.
 */
export async function accountScope(db: Kysely<Tables>, envId: string, f: AccountFilter): Promise<AccountScope | undefined> {
  const id = f.connectedAccountId?.trim();
  const connector = f.connector?.trim();
  const identifier = f.identifier?.trim();
  const organizationId = f.organizationId?.trim();
  const userId = f.userId?.trim();
  const one = ({ row, connection }: Awaited<ReturnType<typeof findAccountRow>>) =>
    scopeOf([{ organization_id: row.organization_id, connection_id: connection.id, provider_key: connection.provider_key, account_id: row.id, connection_name: connection.connection_name, identifier: row.identifier, status: row.status }], true);
  if (id) return one(await findAccountRow(db, envId, { id }));
  if (connector && identifier) return one(await findAccountRow(db, envId, { connectionName: connector, identifier, organizationId, userId }));
  if (connector && !organizationId && !userId) {
    const c = await getConnectionRow(db, envId, { name: connector });
    return scopeOf([{ organization_id: null, connection_id: c.id, provider_key: c.provider_key }], false);
  }
  if (!connector && !identifier && !organizationId && !userId) return undefined;

  let q = db
    .selectFrom('connected_accounts as a')
    .innerJoin('connections as c', 'c.id', 'a.connection_id')
    .select(['c.provider_key', 'a.organization_id', 'a.connection_id', 'a.id as account_id', 'c.connection_name', 'a.identifier', 'a.status'])
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
  return scopeOf(rows, true);
}
