import { accountNotActive } from '../../../credentials/refresh-errors.js';
import type { ResolvedAccount } from './resolve-account.js';

/**
 * A tool runs only as an ACTIVE account; otherwise the caller learns its status and the fix (a
 * new authorization link), before anything reaches the provider.
 */
export function checkActive({ row }: ResolvedAccount): void {
  if (row.status !== 'ACTIVE') throw accountNotActive(row);
}
