import type { PasswordlessDeps } from './passwordless-deps.js';
import { nowOf } from './passwordless-deps.js';
import { findRequest } from './passwordless-requests.js';
import { DomainError } from '../errors/domain-error.js';
import type { PasswordlessTemplate } from './passwordless-types.js';

/** An inbox proven by a passwordless email: what the hosted login finds or creates a user by. */
export interface VerifiedEmail {
  email: string;
  emailVerified: true;
  method: 'passwordless';
  template: PasswordlessTemplate;
  state: string | undefined;
  verifiedAt: Date;
}

/**
 * The email a verified request proved, taken once: the hosted login calls it after
 * verifyPasswordless to find or create the user (one user per email), and a second call is refused
 * so one verification signs in one session.
 */
export async function verifiedEmailFrom(deps: PasswordlessDeps, envId: string, authRequestId: string): Promise<VerifiedEmail> {
  const row = await findRequest(deps.db, envId, authRequestId);
  const notVerified = () => new DomainError('failed_precondition', 'this passwordless request is not verified, or its email was already taken by a sign-in', { reason: 'PASSWORDLESS_NOT_VERIFIED' });
  if (row.status !== 'verified' || !row.verified_at) throw notVerified();
  const r = await deps.db
    .updateTable('passwordless_requests')
    .set({ claimed_at: new Date(nowOf(deps)).toISOString() })
    .where('id', '=', row.id)
    .where('status', '=', 'verified')
    .where('claimed_at', 'is', null)
    .executeTakeFirst();
  if (r.numUpdatedRows !== 1n) throw notVerified();
  return { email: row.email, emailVerified: true, method: 'passwordless', template: row.template, state: row.state ?? undefined, verifiedAt: new Date(row.verified_at) };
}
