import type { Kysely } from 'kysely';
import type { ConnectedAccountRow, ConnectionRow, Tables } from '../../storage/schema.js';
import { invalidFields, notFound, type FieldViolation } from '../errors/domain-error.js';
import { getConnectionRow } from '../connections/connections.js';
import { accountFromRow, type ConnectedAccount } from './account.js';

/**
 * A connected account by id, or by its connection's name and identifier. With the second form,
 * organization_id / user_id (when given) must match the stored ones too.
 */
export type AccountRef =
  | { id: string }
  | { connectionName: string; identifier: string; organizationId?: string; userId?: string };

/** An account as callers see it: the domain account plus the connection it hangs off. */
export interface AccountView extends ConnectedAccount {
  connectionName: string;
  providerKey: string;
}

export const accountView = (row: ConnectedAccountRow, connection: Pick<ConnectionRow, 'connection_name' | 'provider_key'>): AccountView => ({
  ...accountFromRow(row),
  connectionName: connection.connection_name,
  providerKey: connection.provider_key,
});

/** The request's addressing fields → a ref (a non-empty id wins over the rest); invalid_argument naming what is missing. */
export function accountRefOf(req: { id?: string; connector?: string; identifier?: string; organizationId?: string; userId?: string }): AccountRef {
  const id = req.id?.trim();
  if (id) return { id };
  const connectionName = req.connector?.trim() ?? '';
  const identifier = req.identifier?.trim() ?? '';
  const v: FieldViolation[] = [];
  const hint = 'unless id is given: the connected account is addressed by id, or by connector (the connection name) and identifier';
  if (!connectionName) v.push({ field: 'connector', description: `is required ${hint}` });
  if (!identifier) v.push({ field: 'identifier', description: `is required ${hint}` });
  if (v.length) throw invalidFields(v);
  return { connectionName, identifier, organizationId: req.organizationId || undefined, userId: req.userId || undefined };
}

const refLabel = (ref: AccountRef) => ('id' in ref ? ref.id : `${ref.connectionName}/${ref.identifier}`);

/** The stored row (credential ciphertext included: never serialise it) and its connection. */
export async function findAccountRow(db: Kysely<Tables>, envId: string, ref: AccountRef): Promise<{ row: ConnectedAccountRow; connection: ConnectionRow }> {
  let row: ConnectedAccountRow | undefined;
  let connection: ConnectionRow | undefined;
  if ('id' in ref) {
    row = await db.selectFrom('connected_accounts').selectAll().where('environment_id', '=', envId).where('id', '=', ref.id).executeTakeFirst();
    if (row) connection = await getConnectionRow(db, envId, { id: row.connection_id });
  } else {
    // Unknown connection: not_found naming the connection, not the account.
    connection = await getConnectionRow(db, envId, { name: ref.connectionName });
    let q = db
      .selectFrom('connected_accounts')
      .selectAll()
      .where('environment_id', '=', envId)
      .where('connection_id', '=', connection.id)
      .where('identifier', '=', ref.identifier);
    if (ref.organizationId) q = q.where('organization_id', '=', ref.organizationId);
    if (ref.userId) q = q.where('user_id', '=', ref.userId);
    row = await q.executeTakeFirst();
  }
  if (!row || !connection) throw notFound('connected account', refLabel(ref), 'CONNECTED_ACCOUNT_NOT_FOUND');
  return { row, connection };
}

export async function getAccount(db: Kysely<Tables>, envId: string, ref: AccountRef): Promise<AccountView> {
  const { row, connection } = await findAccountRow(db, envId, ref);
  return accountView(row, connection);
}

/** How many accounts hang off a connection (the connection deletion guard asks). */
export async function countAccounts(db: Kysely<Tables>, envId: string, connectionId: string): Promise<number> {
  const r = await db
    .selectFrom('connected_accounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('environment_id', '=', envId)
    .where('connection_id', '=', connectionId)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
