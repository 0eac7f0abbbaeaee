/**
 * Lifetimes of the flow's single-use secrets. None is configurable: they are short on purpose.
 * - an authorization link (GetMagicLinkForConnectedAccount): 15 minutes to open and finish it;
 * - an OAuth `state` (one round trip to the provider's consent screen): 10 minutes;
 * - an `auth_request_id` (tokens held until the app calls VerifyConnectedAccountUser): 10 minutes;
 * - an admin login link (`latchkey admin login-link`): 15 minutes; the session it opens: 12 hours.
 */
export const TTL = Object.freeze({
  linkMs: 15 * 60_000,
  stateMs: 10 * 60_000,
  verificationMs: 10 * 60_000,
  adminLoginLinkMs: 15 * 60_000,
  adminSessionMs: 12 * 60 * 60_000,
});

export const isExpired = (expiresAt: string, now = new Date()): boolean => new Date(expiresAt).getTime() <= now.getTime();

export const inMs = (ms: number, from = new Date()): string => new Date(from.getTime() + ms).toISOString();
