import { DomainError, invalidArgument } from '../errors/domain-error.js';
import { issueCredentials } from './issue-credentials.js';
import { limitsOf, nowOf, type PasswordlessDeps } from './passwordless-deps.js';
import { deliver, renderPasswordlessMail } from './passwordless-email.js';
import { findRequest } from './passwordless-requests.js';
import { alreadyUsed, tooManyAttempts } from './request-state.js';
import type { SendOrigin, SentPasswordless } from './passwordless-types.js';
import { takeSendAllowance } from './send-rate-limit.js';

/**
 * ResendPasswordlessEmail, as named steps: find the request → refuse it when verified, closed after
 * wrong codes, or resent too often → issue a new code / link token and render the email → take a
 * send from the rate limits → replace the stored hashes (the old code and link stop working), reset
 * the attempts and the expiry → deliver. The auth_request_id stays the same, so an app that keeps
 * the first one keeps working (the response carries it either way).
 */
export async function resendPasswordless(deps: PasswordlessDeps, envId: string, authRequestId: string, origin: SendOrigin): Promise<SentPasswordless> {
  if (!authRequestId) throw invalidArgument('auth_request_id', 'is required (the auth_request_id SendPasswordlessEmail answered)');
  if (authRequestId.length > 200) throw invalidArgument('auth_request_id', 'must be at most 200 characters');
  const row = await findRequest(deps.db, envId, authRequestId);
  if (row.status === 'verified') throw alreadyUsed();
  if (row.status === 'locked') throw tooManyAttempts();
  const limits = limitsOf(deps);
  if (row.resends >= limits.maxResends) {
    throw new DomainError('resource_exhausted', `this passwordless request was already resent ${row.resends} times; send a new email instead`, { reason: 'PASSWORDLESS_RESEND_LIMIT' });
  }
  const now = nowOf(deps);
  const creds = issueCredentials(row.passwordless_type, row.magiclink_auth_uri);
  const expiresAt = new Date(now + row.expires_in * 1000);
  const email = await renderPasswordlessMail(deps.db, {
    envId, to: row.email, template: row.template, type: row.passwordless_type, otp: creds.otp, link: creds.link,
    expiresIn: row.expires_in, expiresAt, appVariables: JSON.parse(row.template_variables) as Record<string, string>,
  });
  await takeSendAllowance(deps.db, limits, envId, row.email, origin, now);
  const at = new Date(now).toISOString();
  const r = await deps.db
    .updateTable('passwordless_requests')
    .set({ otp_hash: creds.otpHash, link_token_hash: creds.linkTokenHash, attempts: 0, resends: row.resends + 1, expires_at: expiresAt.toISOString(), updated_at: at })
    .where('id', '=', row.id)
    .where('status', '=', 'pending')
    // Two racing resends: one wins, the other would otherwise mail a code that is already replaced.
    .where('resends', '=', row.resends)
    .executeTakeFirst();
  if (r.numUpdatedRows !== 1n) throw new DomainError('failed_precondition', 'this passwordless request changed while it was being resent (verified, closed or resent at the same time); look at it again', { reason: 'PASSWORDLESS_REQUEST_CHANGED' });
  await deliver(deps.mailer, email);
  return { authRequestId: row.id, expiresAt, expiresIn: row.expires_in, passwordlessType: row.passwordless_type };
}
