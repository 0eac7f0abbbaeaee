import { invalidFields, type FieldViolation } from '../errors/domain-error.js';
import { passwordlessTypeSetting, sendPasswordless, type PasswordlessDeps, type SentPasswordless } from '../passwordless/index.js';
import type { SignInRequestParams } from '../sign-in/sign-in-outcome.js';
import { checkEmail, normalizeEmail } from '../users/validate-user.js';
import { realmBeforeAuthentication } from './home-realm-discovery.js';
import { saveEmailStep, sweepLoginStates } from './login-state.js';
import type { Realm } from './realm.js';

export interface EmailLoginInput {
  envId: string;
  uid: string;
  email: unknown;
  params: SignInRequestParams;
  /** The person's address: the passwordless per-IP limit counts it. */
  ip: string;
  /** Our own page that continues this interaction from the magic link (`?link_token=` is appended). */
  magicLinkUri: string;
}

export type EmailLoginStep = { kind: 'sso'; realm: Extract<Realm, { kind: 'sso' }> } | { kind: 'sent'; email: string; sent: SentPasswordless };

const DAY_MS = 24 * 60 * 60 * 1000;

function checkedEmail(raw: unknown): string {
  const v: FieldViolation[] = [];
  const email = typeof raw === 'string' ? raw.trim() : '';
  checkEmail(email || undefined, 'email', v);
  if (v.length) throw invalidFields(v);
  return normalizeEmail(email);
}

/**
 * The email step, as named steps: check the address → home realm discovery BEFORE authentication
 * (an SSO realm ends here: no email is sent) → send the passwordless email of the environment's
 * type (SIGNUP wording for an address with no user yet; the magic link only when the type sends
 * one) → remember the request for this interaction.
 */
export async function startEmailLogin(deps: PasswordlessDeps, input: EmailLoginInput): Promise<EmailLoginStep> {
  const email = checkedEmail(input.email);
  const realm = await realmBeforeAuthentication(deps.db, input.envId, email, input.params);
  if (realm.kind === 'sso') return { kind: 'sso', realm };
  const type = (await passwordlessTypeSetting(deps.db, input.envId)) ?? 'OTP';
  const known = await deps.db.selectFrom('users').select('id').where('environment_id', '=', input.envId).where('email', '=', email).executeTakeFirst();
  const sent = await sendPasswordless(
    deps,
    input.envId,
    { email, template: known ? 'SIGNIN' : 'SIGNUP', state: `hosted-login:${input.uid}`, magiclinkAuthUri: type === 'OTP' ? undefined : input.magicLinkUri },
    { ip: input.ip },
  );
  await saveEmailStep(deps.db, input.envId, input.uid, email, sent.authRequestId);
  await sweepLoginStates(deps.db, new Date(Date.now() - DAY_MS));
  return { kind: 'sent', email, sent };
}
