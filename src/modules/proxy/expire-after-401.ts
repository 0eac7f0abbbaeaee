import type { Storage } from '../../storage/database.js';
import { markExpired } from '../credentials/mark-expired.js';
import { withLockedAccount } from '../credentials/refresh-lock.js';

/**
 * The upstream still answered 401 to freshly refreshed credentials (`usedVersion`): the grant no
 * longer works, so the account becomes EXPIRED, exactly as a refused refresh makes it (under the
 * account lock, tokens wiped, version bumped). Skipped if the credentials changed meanwhile
 * (another refresh or a re-authorization won: those credentials deserve their own try).
 * Returns whether the account was marked.
 */
export async function expireAfterRepeated401(storage: Storage, envId: string, accountId: string, usedVersion: number): Promise<boolean> {
  return withLockedAccount(storage, envId, accountId, async (trx, row) => {
    if (row.status !== 'ACTIVE' || row.credentials_version !== usedVersion) return false;
    await markExpired(trx, row, Date.now());
    return true;
  });
}
