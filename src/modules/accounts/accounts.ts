import { sql, type Kysely } from 'kysely';
import type { ConnectedAccountRow, ConnectionRow, Tables } from '../../storage/schema.js';
import { newId } from '../../storage/ids.js';
import { DomainError, invalidFields, type FieldViolation } from '../errors/domain-error.js';
import { getConnectionRow } from '../connections/connections.js';
import type { Vault } from '../vault/vault.js';
import type { AccountCredentials } from './account.js';
import { readAccountCredentials, sealAccountCredentials } from './account-credentials.js';
import { accountView, findAccountRow, type AccountRef, type AccountView } from './account-lookup.js';
import { checkAuthorization, type AuthorizationInput } from './validate-authorization.js';
// Registers the guard that keeps connections with accounts from being deleted.
import './connection-guard.js';

export interface CreateAccountInput {
  /** The connection's name (the SDK's `connector` / `connectionName`). */
  connectionName: string;
  /** The caller's name for the account (a user id, an email): unique per connection. */
  identifier: string;
  organizationId?: string;
  userId?: string;
  /** With credentials the account is ACTIVE at once; without, PENDING_AUTH until a user authorizes. */
  authorization?: AuthorizationInput;
  apiConfig?: Record<string, unknown>;
}

/** Omitted fields stay as they are. New credentials replace the old ones and make the account ACTIVE. */
export interface AccountPatch {
  authorization?: AuthorizationInput;
  apiConfig?: Record<string, unknown>;
}

const MAX_IDENTIFIER_LENGTH = 255;
const MAX_API_CONFIG_BYTES = 16 * 1024;
const API_CONFIG_FIELD = 'connected_account.api_config';

function apiConfigViolation(apiConfig: Record<string, unknown> | undefined): FieldViolation | undefined {
  if (apiConfig === undefined || JSON.stringify(apiConfig).length <= MAX_API_CONFIG_BYTES) return undefined;
  return { field: API_CONFIG_FIELD, description: `must be at most ${MAX_API_CONFIG_BYTES} bytes of JSON` };
}

const exists = (connectionName: string, identifier: string) =>
  new DomainError(
    'already_exists',
    `connection '${connectionName}' already has a connected account with identifier '${identifier}' (identifiers are unique per connection, whatever the organization_id / user_id); update it instead`,
    { reason: 'CONNECTED_ACCOUNT_EXISTS' },
  );

function isUniqueViolation(err: unknown): boolean {
  const code = String((err as { code?: unknown })?.code ?? '');
  return code === '23505' || code.startsWith('SQLITE_CONSTRAINT');
}

export async function createAccount(db: Kysely<Tables>, vault: Vault, envId: string, input: CreateAccountInput): Promise<AccountView> {
  const connectionName = input.connectionName?.trim() ?? '';
  const identifier = input.identifier?.trim() ?? '';
  const v: FieldViolation[] = [];
  if (!connectionName) v.push({ field: 'connector', description: 'is required: the name of the connection the account belongs to (e.g. "gmail")' });
  if (!identifier) v.push({ field: 'identifier', description: "is required: your name for the account, such as the user's id or email" });
  else if (identifier.length > MAX_IDENTIFIER_LENGTH) v.push({ field: 'identifier', description: `must be at most ${MAX_IDENTIFIER_LENGTH} characters` });
  const badConfig = apiConfigViolation(input.apiConfig);
  if (badConfig) v.push(badConfig);
  if (v.length) throw invalidFields(v);

  const connection = await getConnectionRow(db, envId, { name: connectionName });
  const checked = input.authorization ? await checkAuthorization(db, connection, input.authorization) : undefined;
  const taken = await db
    .selectFrom('connected_accounts')
    .select('id')
    .where('environment_id', '=', envId)
    .where('connection_id', '=', connection.id)
    .where('identifier', '=', identifier)
    .executeTakeFirst();
  if (taken) throw exists(connectionName, identifier);

  const id = newId('ca');
  const now = new Date().toISOString();
  const row: ConnectedAccountRow = {
    id,
    environment_id: envId,
    connection_id: connection.id,
    identifier,
    organization_id: input.organizationId || null,
    user_id: input.userId || null,
    status: checked ? 'ACTIVE' : 'PENDING_AUTH',
    auth_type: connection.auth_type,
    credentials_ciphertext: checked ? sealAccountCredentials(vault, envId, id, checked.credentials) : null,
    credentials_version: checked ? 1 : 0,
    token_expires_at: null,
    scopes: JSON.stringify(checked?.scopes ?? []),
    account_fields: JSON.stringify(checked?.accountFields ?? {}),
    api_config: JSON.stringify(input.apiConfig ?? {}),
    authorized_user_id: null,
    authorized_user_email: null,
    last_used_at: null,
    created_at: now,
    updated_at: now,
  };
  try {
    await db.insertInto('connected_accounts').values(row).execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw exists(connectionName, identifier);
    throw err;
  }
  return accountView(row, connection);
}

async function reload(db: Kysely<Tables>, envId: string, id: string, connection: ConnectionRow): Promise<AccountView> {
  const row = await db.selectFrom('connected_accounts').selectAll().where('environment_id', '=', envId).where('id', '=', id).executeTakeFirstOrThrow();
  return accountView(row, connection);
}

export async function updateAccount(db: Kysely<Tables>, vault: Vault, envId: string, ref: AccountRef, patch: AccountPatch): Promise<AccountView> {
  const badConfig = apiConfigViolation(patch.apiConfig);
  if (badConfig) throw invalidFields([badConfig]);
  const { row, connection } = await findAccountRow(db, envId, ref);
  const set: Partial<ConnectedAccountRow> = { updated_at: new Date().toISOString() };
  if (patch.apiConfig !== undefined) set.api_config = JSON.stringify(patch.apiConfig);
  let q = db.updateTable('connected_accounts').set(set);
  if (patch.authorization) {
    const checked = await checkAuthorization(db, connection, patch.authorization);
    q = q.set({
      credentials_ciphertext: sealAccountCredentials(vault, envId, row.id, checked.credentials),
      credentials_version: sql<number>`credentials_version + 1`,
      status: 'ACTIVE',
      scopes: JSON.stringify(checked.scopes),
      token_expires_at: null,
      // Static details carry the account fields; an OAuth token keeps those the account has.
      ...(checked.credentials.kind === 'static' ? { account_fields: JSON.stringify(checked.accountFields) } : {}),
    });
  }
  await q.where('id', '=', row.id).execute();
  return reload(db, envId, row.id, connection);
}

/** Deletes the account and its authorization links and requests; returns the deleted account's id. */
export async function deleteAccount(db: Kysely<Tables>, envId: string, ref: AccountRef): Promise<string> {
  const { row } = await findAccountRow(db, envId, ref);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('authorization_requests').where('account_id', '=', row.id).execute();
    await trx.deleteFrom('authorization_links').where('account_id', '=', row.id).execute();
    await trx.deleteFrom('connected_accounts').where('id', '=', row.id).execute();
  });
  return row.id;
}

/** DISCONNECTED, its credentials and granted scopes wiped; the account (and its identifier) stays for re-authorization. */
export async function disconnectAccount(db: Kysely<Tables>, envId: string, ref: AccountRef): Promise<AccountView> {
  const { row, connection } = await findAccountRow(db, envId, ref);
  await db
    .updateTable('connected_accounts')
    .set({
      status: 'DISCONNECTED',
      credentials_ciphertext: null,
      credentials_version: sql<number>`credentials_version + 1`,
      token_expires_at: null,
      scopes: '[]',
      updated_at: new Date().toISOString(),
    })
    .where('id', '=', row.id)
    .execute();
  return reload(db, envId, row.id, connection);
}

/**
 * The account with its credentials in clear. Only for callers entitled to secrets: API clients of
 * the environment (GetConnectedAccountAuth), the proxy and tools.
 */
export async function getAccountWithCredentials(
  db: Kysely<Tables>,
  vault: Vault,
  envId: string,
  ref: AccountRef,
): Promise<{ account: AccountView; credentials: AccountCredentials | undefined }> {
  const { row, connection } = await findAccountRow(db, envId, ref);
  return { account: accountView(row, connection), credentials: readAccountCredentials(vault, row) };
}
