import { sql, type Kysely } from 'kysely';
import type { ConnectedAccountRow, ConnectionRow, Tables } from '../../storage/schema.js';
import { invalidFields } from '../errors/domain-error.js';
import type { Vault } from '../vault/vault.js';
import type { AccountCredentials } from './account.js';
import { readAccountCredentials, sealAccountCredentials } from './account-credentials.js';
import { accountView, findAccountRow, type AccountRef, type AccountView } from './account-lookup.js';
import { apiConfigViolation } from './api-config.js';
import { checkAuthorization, type AuthorizationInput } from './validate-authorization.js';
export { createAccount, type CreateAccountInput } from './create-account.js';
// Registers the guard that keeps connections with accounts from being deleted.
import './connection-guard.js';

/** Omitted fields stay as they are. New credentials replace the old ones and make the account ACTIVE. */
export interface AccountPatch {
  authorization?: AuthorizationInput;
  apiConfig?: Record<string, unknown>;
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
  return { account: accountView(row, connection), credentials: await readAccountCredentials(vault, row) };
}
