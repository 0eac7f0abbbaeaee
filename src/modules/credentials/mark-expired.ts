import type { Transaction } from 'kysely';
import type { ConnectedAccountRow, Tables } from '../../storage/schema.js';
import { writeUnderLock } from './store-refreshed-tokens.js';

/**
 * The provider refused the refresh token (RFC 6749 §5.2 invalid_grant): the grant is gone, so the
 * account becomes EXPIRED. Its record stays (identifier, connection, account fields, scopes,
 * authorized user) so a new authorization link for it can revive it; its dead tokens are wiped
 * (nothing can use them, and a secret not kept cannot leak). The version bump tells caches.
 */
export async function markExpired(trx: Transaction<Tables>, row: ConnectedAccountRow, now: number): Promise<ConnectedAccountRow> {
  const set = {
    status: 'EXPIRED',
    credentials_ciphertext: null,
    credentials_version: row.credentials_version + 1,
    token_expires_at: null,
    updated_at: new Date(now).toISOString(),
  };
  await writeUnderLock(trx, row, set);
  return { ...row, ...set };
}
