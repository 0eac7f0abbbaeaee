import { createHash, timingSafeEqual } from 'node:crypto';
import { randomToken } from '../../storage/ids.js';

/**
 * Every bearer secret of the flow (link token, `state`, `auth_request_id`, admin login and session
 * tokens) is 32 random bytes and stored only as its SHA-256. A lookup by hash leaks nothing useful
 * through timing: an attacker cannot choose inputs whose hashes share a prefix with a stored one.
 */
export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('base64url');

/** A fresh 256-bit secret, base64url (43 characters). */
export const newFlowSecret = (): string => randomToken(32);

/** The shape of a token we issued; anything else is refused before touching the database. */
export const looksLikeFlowSecret = (s: unknown, prefix = ''): s is string =>
  typeof s === 'string' && s.startsWith(prefix) && /^[A-Za-z0-9_-]{43}$/.test(s.slice(prefix.length));

/** Constant-time equality of two strings of any length (both are hashed to 32 bytes first). */
export function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb);
}
