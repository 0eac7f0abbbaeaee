import type { Kysely } from 'kysely';
import type { ConnectedAccountRow, ConnectionRow, Tables } from '../../storage/schema.js';
import { newId } from '../../storage/ids.js';
import { invalidArgument, notFound } from '../errors/domain-error.js';

/**
 * The few connected-account reads and writes the authorization flow needs. The accounts module
 * owns the rest; the two meet only at the `connected_accounts` table (unique per environment,
 * connection and identifier), so a concurrent create from either side yields one row.
 */
export async function getAccountRow(db: Kysely<Tables>, envId: string, id: string): Promise<ConnectedAccountRow> {
  const row = await db.selectFrom('connected_accounts').selectAll().where('environment_id', '=', envId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('connected account', id, 'CONNECTED_ACCOUNT_NOT_FOUND');
  return row;
}

export function checkIdentifier(identifier: string | undefined): string {
  const id = identifier?.trim() ?? '';
  if (!id) throw invalidArgument('identifier', "is required: your user's id or email, as stored on the connected account");
  if (id.length > 255) throw invalidArgument('identifier', 'must be at most 255 characters');
  return id;
}

/** The account of `identifier` on `connection`, if there is one. */
export function findAccountByIdentifier(db: Kysely<Tables>, connection: ConnectionRow, identifier: string): Promise<ConnectedAccountRow | undefined> {
  return db
    .selectFrom('connected_accounts')
    .selectAll()
    .where('environment_id', '=', connection.environment_id)
    .where('connection_id', '=', connection.id)
    .where('identifier', '=', identifier)
    .executeTakeFirst();
}

/** The account for (connection, identifier); created in PENDING_AUTH when missing, as Scalekit does. */
export async function findOrCreatePendingAccount(
  db: Kysely<Tables>,
  connection: ConnectionRow,
  identifier: string,
  owner: { organizationId?: string; userId?: string } = {},
): Promise<ConnectedAccountRow> {
  const find = () => findAccountByIdentifier(db, connection, identifier);
  const existing = await find();
  if (existing) return existing;
  const now = new Date().toISOString();
  await db
    .insertInto('connected_accounts')
    .values({
      id: newId('ca'),
      environment_id: connection.environment_id,
      connection_id: connection.id,
      identifier,
      organization_id: owner.organizationId || null,
      user_id: owner.userId || null,
      status: 'PENDING_AUTH',
      auth_type: connection.auth_type,
      credentials_ciphertext: null,
      credentials_version: 0,
      token_expires_at: null,
      scopes: '[]',
      account_fields: '{}',
      api_config: '{}',
      authorized_user_id: null,
      authorized_user_email: null,
      last_used_at: null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['environment_id', 'connection_id', 'identifier']).doNothing())
    .execute();
  const row = await find();
  if (!row) throw new Error('connected account vanished right after creation');
  return row;
}
