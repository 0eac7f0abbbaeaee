import type { Transaction } from 'kysely';
import type { ConnectedAccountRow, Tables } from '../../../storage/schema.js';
import type { Vault } from '../../vault/vault.js';
import { sealAccountCredentials } from '../../accounts/account-credentials.js';
import type { HeldGrant } from '../request-secrets.js';

/**
 * activate_account — writes a grant to the account: credentials sealed to the row, credentials_version
 * bumped (refreshers compare it), expiry, scopes, account fields merged over the stored ones, who
 * consented, status ACTIVE. Runs inside the transaction that consumed the link or auth request.
 */
export async function activateAccount(trx: Transaction<Tables>, vault: Vault, account: ConnectedAccountRow, grant: HeldGrant): Promise<void> {
  const fields = { ...(JSON.parse(account.account_fields) as Record<string, string>), ...grant.account_fields };
  await trx
    .updateTable('connected_accounts')
    .set((eb) => ({
      credentials_ciphertext: sealAccountCredentials(vault, account.environment_id, account.id, grant.credentials),
      credentials_version: eb('credentials_version', '+', 1),
      token_expires_at: grant.token_expires_at,
      scopes: JSON.stringify(grant.scopes),
      account_fields: JSON.stringify(fields),
      authorized_user_id: grant.authorized_user_id,
      authorized_user_email: grant.authorized_user_email,
      status: 'ACTIVE',
      updated_at: new Date().toISOString(),
    }))
    .where('id', '=', account.id)
    .where('environment_id', '=', account.environment_id)
    .execute();
}
