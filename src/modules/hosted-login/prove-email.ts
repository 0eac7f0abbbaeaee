import { DomainError } from '../errors/domain-error.js';
import { verifiedEmailFrom, verifyPasswordless, type PasswordlessDeps } from '../passwordless/index.js';
import { loadLoginState } from './login-state.js';

export type EmailProof = { code: unknown } | { linkToken: unknown };

const noEmailStep = () =>
  new DomainError('failed_precondition', 'there is no code waiting for this sign-in (it was used, or the page is out of date); enter your email again', { reason: 'LOGIN_NO_EMAIL_STEP' });

/**
 * Proves the inbox for this interaction, as named steps: the interaction's passwordless request
 * (a code or link from another sign-in cannot be used here) → verify the code (counted, at most 5)
 * or the link (single use) → take the verified email, once. Answers the email and how it was proven.
 */
export async function proveEmail(deps: PasswordlessDeps, envId: string, uid: string, proof: EmailProof): Promise<{ email: string; amr: string[] }> {
  const state = await loadLoginState(deps.db, envId, uid);
  if (!state?.authRequestId) throw noEmailStep();
  const authRequestId = state.authRequestId;
  if ('code' in proof) {
    await verifyPasswordless(deps, envId, { authRequestId, code: typeof proof.code === 'string' ? proof.code : '' });
  } else {
    await verifyPasswordless(deps, envId, { authRequestId, linkToken: typeof proof.linkToken === 'string' ? proof.linkToken : '' });
  }
  const verified = await verifiedEmailFrom(deps, envId, authRequestId);
  return { email: verified.email, amr: ['code' in proof ? 'otp' : 'magic_link'] };
}
