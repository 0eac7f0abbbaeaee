import type { UsableCredentials } from './credential-source.js';

/** getUsable refreshes an OAuth token this long before it expires (clock skew, request latency). */
export const REFRESH_AHEAD_MS = 60_000;

/** Longest wait for the provider's token endpoint during a refresh (the account row stays locked meanwhile). */
export const REFRESH_REQUEST_TIMEOUT_MS = 15_000;

/** How long a replica waits for another replica's refresh of the same account before answering unavailable. */
export const LOCK_WAIT_MS = REFRESH_REQUEST_TIMEOUT_MS + 5_000;

/**
 * Whether an OAuth token should be refreshed before use: it expires within REFRESH_AHEAD_MS and
 * either a refresh token can renew it or it is already dead (then the refresh marks it EXPIRED).
 * Tokens without an expiry are refreshed only after an upstream 401.
 */
export function needsRefreshAhead(u: Pick<UsableCredentials, 'account' | 'credentials'>, now: number): boolean {
  const expiresAt = u.account.tokenExpiresAt?.getTime();
  if (u.credentials.kind !== 'oauth' || expiresAt === undefined) return false;
  if (expiresAt - now > REFRESH_AHEAD_MS) return false;
  return u.credentials.refresh_token !== undefined || expiresAt <= now;
}
