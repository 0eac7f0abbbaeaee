import type { FastifyReply } from 'fastify';
import type { Logger } from '../../logging/logger.js';
import { FlowError } from '../../modules/authorization/flow-error.js';
import { DomainError } from '../../modules/errors/domain-error.js';
import { html, type SafeHtml } from '../html.js';
import { sendPage } from '../respond.js';
import { loginPageUrl } from '../views/login-paths.js';

const DOMAIN_STATUS: Partial<Record<DomainError['code'], number>> = { invalid_argument: 400, permission_denied: 403, not_found: 404 };

/** The way back to the login page while the app's request is still open (another method may work). */
const backTo = (uid: string | undefined): SafeHtml => (uid ? html`<p><a class="button" href="${loginPageUrl(uid)}">Back to sign-in</a></p>` : html``);

export const EXPIRED = () => new FlowError('invalid_request', 'This sign-in has expired', 'This sign-in page has expired or was already used. Go back to the app and sign in again.', 410);

/** Every failure becomes a page that says what happened: flow errors as written, domain errors with their message, the rest as 500 with a reference. */
export function sendSocialProblem(deps: { log: Logger; report: (err: unknown) => string }, reply: FastifyReply, err: unknown, uid: string | undefined): FastifyReply {
  if (err instanceof FlowError) {
    deps.log.info({ event: 'social_login.refused', error: err.error, status: err.status }, err.title);
    return sendPage(reply, err.status, err.title, html`<div class="alert alert-error" role="alert">${err.detail}</div>${backTo(uid)}`);
  }
  if (err instanceof DomainError) {
    deps.log.info({ event: 'social_login.refused', reason: err.reason }, err.message);
    return sendPage(reply, DOMAIN_STATUS[err.code] ?? 409, 'You could not be signed in', html`<div class="alert alert-error" role="alert">${err.message}.</div>${backTo(uid)}`);
  }
  const ref = deps.report(err);
  return sendPage(reply, 500, 'Something went wrong', html`<div class="alert alert-error" role="alert">Latchkey hit an unexpected error, so you were not signed in. Try again; if it keeps happening, give this reference to the app's administrator: ${ref}</div>${backTo(uid)}`);
}

/** Account linking refused an unverified email: nothing was created, and the person learns how to get in. */
export const sendNotVerified = (reply: FastifyReply, provider: string, uid: string): FastifyReply =>
  sendPage(reply, 403, 'Your email address is not verified', html`<div class="alert alert-error" role="alert">${provider} did not confirm that the email address of your account is verified, so Latchkey cannot tell it is yours. Nothing was created or changed.</div>
<p>Verify the address in your ${provider} account settings and try again, or sign in with your email address instead.</p>${backTo(uid)}`);

/** Home realm discovery after social login chose an organization's SSO (not built yet: said plainly). */
export const sendSsoNotSetUp = (reply: FastifyReply, f: { email: string; organizationName: string | undefined; provider: string; uid: string }): FastifyReply =>
  sendPage(reply, 200, 'Single sign-on is not set up yet', html`<p>Accounts like <strong>${f.email}</strong> sign in through the single sign-on of <strong>${f.organizationName ?? 'your organization'}</strong>, also after signing in with ${f.provider}.</p>
<div class="alert alert-error" role="alert">Single sign-on is not set up yet, so you cannot sign in this way for now. Nothing was created or linked.</div>
<p>Ask your administrator about single sign-on.</p>${backTo(f.uid)}`);
