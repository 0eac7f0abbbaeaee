import type { Transaction } from 'kysely';
import type { ConnectedAccountRow, Tables } from '../../storage/schema.js';
import type { AccountCredentials } from '../accounts/account.js';
import { sealAccountCredentials } from '../accounts/account-credentials.js';
import type { Vault } from '../vault/vault.js';
import type { RefreshedTokens } from './refresh-token-grant.js';

type OAuthCredentials = Extract<AccountCredentials, { kind: 'oauth' }>;

/**
 * Writes the refreshed tokens in the refresh's transaction, so a rotated refresh token is stored
 * before any other replica can read the row (RFC 6749 §6: the old one may already be invalid).
 * A response without a refresh token keeps the current one; one without expires_in means the
 * access token does not expire.
 */
export async function storeRefreshedTokens(
  trx: Transaction<Tables>,
  vault: Vault,
  row: ConnectedAccountRow,
  current: OAuthCredentials,
  tokens: RefreshedTokens,
  now: number,
): Promise<ConnectedAccountRow> {
  const next: OAuthCredentials = { kind: 'oauth', access_token: tokens.accessToken };
  const refreshToken = tokens.refreshToken ?? current.refresh_token;
  const tokenType = tokens.tokenType ?? current.token_type;
  const idToken = tokens.idToken ?? current.id_token;
  if (refreshToken !== undefined) next.refresh_token = refreshToken;
  if (tokenType !== undefined) next.token_type = tokenType;
  if (idToken !== undefined) next.id_token = idToken;
  const set = {
    credentials_ciphertext: sealAccountCredentials(vault, row.environment_id, row.id, next),
    credentials_version: row.credentials_version + 1,
    token_expires_at: tokens.expiresInSeconds === undefined ? null : new Date(now + tokens.expiresInSeconds * 1000).toISOString(),
    scopes: tokens.scopes === undefined ? row.scopes : JSON.stringify(tokens.scopes),
    updated_at: new Date(now).toISOString(),
  };
  await writeUnderLock(trx, row, set);
  return { ...row, ...set };
}

/** Updates the locked row; the version guard turns a broken lock into an error instead of a lost write. */
export async function writeUnderLock(trx: Transaction<Tables>, row: ConnectedAccountRow, set: Partial<ConnectedAccountRow>): Promise<void> {
  const res = await trx
    .updateTable('connected_accounts')
    .set(set)
    .where('id', '=', row.id)
    .where('credentials_version', '=', row.credentials_version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new Error(`connected account ${row.id} changed while locked for refresh`);
}
