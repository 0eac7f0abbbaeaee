import type { PasswordlessRequestRow } from '../../storage/schema-passwordless.js';
import { DomainError, invalidArgument } from '../errors/domain-error.js';
import { hashToken, looksLikeFlowSecret } from '../authorization/flow-secrets.js';
import { looksLikeOtp, otpMatches } from './otp.js';
import { limitsOf, nowOf, type PasswordlessDeps } from './passwordless-deps.js';
import { findRequest, findRequestByLinkHash, lockRequest, markVerified, takeAttempt } from './passwordless-requests.js';
import { alreadyUsed, checkVerifiable, tooManyAttempts } from './request-state.js';
import { sendsCode, type VerifiedPasswordless } from './passwordless-types.js';

export type VerifyInput = { authRequestId?: string } & ({ code: string; linkToken?: undefined } | { linkToken: string; code?: undefined });

const badLink = () => invalidArgument('link_token', 'is not a valid magic link token: it is unknown, was replaced by a resend, or belongs to another request');

/** A link token finds its request by hash (256 random bits: no attempt counting needed). */
async function requestOfLink(deps: PasswordlessDeps, envId: string, token: string, authRequestId: string | undefined): Promise<PasswordlessRequestRow> {
  if (token.length > 100 || !looksLikeFlowSecret(token)) throw badLink();
  const row = await findRequestByLinkHash(deps.db, envId, hashToken(token));
  // With auth_request_id, the link must be that request's (the same browser that asked for it).
  if (!row || (authRequestId && row.id !== authRequestId)) throw badLink();
  return row;
}

/** Each comparison takes an attempt first; the last wrong one closes the request. */
async function checkCode(deps: PasswordlessDeps, row: PasswordlessRequestRow, code: string, now: string): Promise<void> {
  if (!sendsCode(row.passwordless_type)) throw invalidArgument('code', `cannot verify this request: it was sent as a magic link (${row.passwordless_type}); verify it with link_token`);
  const candidate = code.trim();
  if (!looksLikeOtp(candidate)) throw invalidArgument('code', 'must be the 6-digit code from the email');
  const { maxAttempts } = limitsOf(deps);
  const used = await takeAttempt(deps.db, row.id, maxAttempts, now);
  if (used === undefined) throw tooManyAttempts();
  if (row.otp_hash && otpMatches(candidate, row.otp_hash)) return;
  const left = Math.max(0, maxAttempts - used);
  if (left === 0) await lockRequest(deps.db, row.id, now);
  throw new DomainError('invalid_argument', `code is not the code that was sent; ${left ? `${left} attempt${left === 1 ? '' : 's'} left` : 'no attempts left: send a new email'}`, {
    reason: 'PASSWORDLESS_CODE_INVALID',
    violations: [{ field: 'code', description: 'is not the code that was sent' }],
  });
}

/**
 * VerifyPasswordlessEmail, as named steps: find the request (by auth_request_id for a code, by the
 * token's hash for a link) → refuse it if used, closed or expired → check the code (counted) →
 * mark it verified, once → answer the email with what the send carried.
 */
export async function verifyPasswordless(deps: PasswordlessDeps, envId: string, input: VerifyInput): Promise<VerifiedPasswordless> {
  const { authRequestId } = input;
  if (authRequestId !== undefined && (authRequestId.length === 0 || authRequestId.length > 200)) throw invalidArgument('auth_request_id', 'must be 1 to 200 characters when sent');
  let row: PasswordlessRequestRow;
  if (input.code !== undefined) {
    if (input.code.length === 0 || input.code.length > 20) throw invalidArgument('code', 'must be the 6-digit code from the email');
    if (!authRequestId) throw invalidArgument('auth_request_id', 'is required to verify a code (the auth_request_id SendPasswordlessEmail answered)');
    row = await findRequest(deps.db, envId, authRequestId);
  } else if (input.linkToken !== undefined) {
    row = await requestOfLink(deps, envId, input.linkToken, authRequestId);
  } else throw invalidArgument('code', 'or link_token is required');
  const now = nowOf(deps);
  checkVerifiable(row, now);
  const at = new Date(now).toISOString();
  if (input.code !== undefined) await checkCode(deps, row, input.code, at);
  if (!(await markVerified(deps.db, row.id, at))) throw alreadyUsed();
  return { authRequestId: row.id, email: row.email, state: row.state ?? undefined, template: row.template, passwordlessType: row.passwordless_type };
}
