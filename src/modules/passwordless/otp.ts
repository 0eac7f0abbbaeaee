import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** Six decimal digits from the CSPRNG (randomInt rejects modulo bias). */
export const newOtp = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

export const looksLikeOtp = (s: string): boolean => /^\d{6}$/.test(s);

const mac = (salt: Buffer, code: string) => createHmac('sha256', salt).update(code, 'utf8').digest();

/**
 * `salt.hmac`: a six-digit code has only 10^6 values, so its hash keeps it off casual reads of the
 * database; what protects it is the attempt limit and the short life.
 */
export function hashOtp(code: string): string {
  const salt = randomBytes(16);
  return `${salt.toString('base64url')}.${mac(salt, code).toString('base64url')}`;
}

/** Constant-time comparison of a candidate with the stored hash. */
export function otpMatches(candidate: string, stored: string): boolean {
  const [salt, expected] = stored.split('.');
  if (!salt || !expected) return false;
  return timingSafeEqual(mac(Buffer.from(salt, 'base64url'), candidate), Buffer.from(expected, 'base64url'));
}
