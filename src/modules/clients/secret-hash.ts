import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Client secrets are 32 random bytes, so a plain SHA-256 is enough (no dictionary to
 * resist); comparison is constant-time over equal-length digests.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('base64url');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'utf8');
  const b = Buffer.from(storedHash, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
