import type { ConnectedAccountRow } from '../../storage/schema.js';
import type { Vault } from '../vault/vault.js';
import type { AccountCredentials } from './account.js';

/** Binds credentials to their account row: copied to another account, they do not open. */
export const credentialsAad = (envId: string, accountId: string): string => `${envId}:connected_accounts:${accountId}:credentials`;

export function sealAccountCredentials(vault: Vault, envId: string, accountId: string, creds: AccountCredentials): string {
  return vault.encrypt(JSON.stringify(creds), credentialsAad(envId, accountId));
}

/** The account's credentials in clear; only the proxy, tools, refresh and API-client auth reads call this. */
export async function readAccountCredentials(
  vault: Vault,
  row: Pick<ConnectedAccountRow, 'id' | 'environment_id' | 'credentials_ciphertext'>,
): Promise<AccountCredentials | undefined> {
  if (row.credentials_ciphertext === null) return undefined;
  return JSON.parse(await vault.decrypt(row.credentials_ciphertext, credentialsAad(row.environment_id, row.id))) as AccountCredentials;
}
