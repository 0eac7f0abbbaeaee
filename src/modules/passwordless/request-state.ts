import type { PasswordlessRequestRow } from '../../storage/schema-passwordless.js';
import { DomainError } from '../errors/domain-error.js';

export const alreadyUsed = () =>
  new DomainError('failed_precondition', 'this passwordless request was already verified: each code and link works once; send a new email to sign in again', {
    reason: 'PASSWORDLESS_ALREADY_USED',
  });

export const tooManyAttempts = () =>
  new DomainError('failed_precondition', 'this passwordless request is closed after too many wrong codes; send a new email', { reason: 'PASSWORDLESS_TOO_MANY_ATTEMPTS' });

/** Refuses a request that can no longer be verified: used, closed after wrong codes, or expired. */
export function checkVerifiable(row: PasswordlessRequestRow, now: number): void {
  if (row.status === 'verified') throw alreadyUsed();
  if (row.status === 'locked') throw tooManyAttempts();
  if (now >= Date.parse(row.expires_at)) {
    throw new DomainError('failed_precondition', `this passwordless request expired at ${row.expires_at}; resend it (ResendPasswordlessEmail) or send a new one`, {
      reason: 'PASSWORDLESS_EXPIRED',
    });
  }
}
