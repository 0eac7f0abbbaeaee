import { newId } from '../../storage/ids.js';
import { issueCredentials } from './issue-credentials.js';
import { limitsOf, nowOf, type PasswordlessDeps } from './passwordless-deps.js';
import { deliver, renderPasswordlessMail } from './passwordless-email.js';
import { passwordlessTypeSetting, typeFor } from './passwordless-settings.js';
import type { SendOrigin, SentPasswordless } from './passwordless-types.js';
import { takeSendAllowance } from './send-rate-limit.js';
import { validateSend, type SendInput } from './validate-send.js';

/**
 * SendPasswordlessEmail, as named steps: validate every field → pick the type (environment setting)
 * → issue a code / link token and render the email (a missing template variable fails here, before
 * anything is counted) → take a send from the rate limits → store the request with the code and
 * token hashed → deliver. The code and the token exist in memory and in the email only.
 */
export async function sendPasswordless(deps: PasswordlessDeps, envId: string, input: SendInput, origin: SendOrigin): Promise<SentPasswordless> {
  const req = validateSend(input);
  const type = typeFor(await passwordlessTypeSetting(deps.db, envId), req.magiclinkAuthUri);
  const now = nowOf(deps);
  const creds = issueCredentials(type, req.magiclinkAuthUri);
  const expiresAt = new Date(now + req.expiresIn * 1000);
  const email = await renderPasswordlessMail(deps.db, {
    envId, to: req.email, template: req.template, type, otp: creds.otp, link: creds.link, expiresIn: req.expiresIn, expiresAt, appVariables: req.templateVariables,
  });
  await takeSendAllowance(deps.db, limitsOf(deps), envId, req.email, origin, now);
  const id = newId('pwl');
  const at = new Date(now).toISOString();
  await deps.db
    .insertInto('passwordless_requests')
    .values({
      id,
      environment_id: envId,
      email: req.email,
      template: req.template,
      passwordless_type: type,
      state: req.state ?? null,
      magiclink_auth_uri: req.magiclinkAuthUri ?? null,
      template_variables: JSON.stringify(req.templateVariables),
      otp_hash: creds.otpHash,
      link_token_hash: creds.linkTokenHash,
      attempts: 0,
      resends: 0,
      status: 'pending',
      expires_in: req.expiresIn,
      expires_at: expiresAt.toISOString(),
      verified_at: null,
      claimed_at: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await deliver(deps.mailer, email);
  return { authRequestId: id, expiresAt, expiresIn: req.expiresIn, passwordlessType: type };
}
