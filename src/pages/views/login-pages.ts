import type { OrganizationOption, SocialButton } from '../../modules/hosted-login/index.js';
import type { PasswordlessType } from '../../modules/passwordless/index.js';
import { html, type SafeHtml } from '../html.js';
import { loginAction, socialStartPath } from './login-paths.js';

export interface LoginForm {
  uid: string;
  csrfToken: string;
}

const hidden = (f: LoginForm) => html`<input type="hidden" name="csrf_token" value="${f.csrfToken}">`;
const alertOf = (error: string | undefined) => (error ? html`<div class="alert alert-error" role="alert">${error}</div>` : '');

/** A one-button form posting to one of the login actions (resend, different email, cancel). */
export const actionButton = (f: LoginForm, action: string, label: string, secondary = true): SafeHtml =>
  html`<form method="post" action="${loginAction(action, f.uid)}" novalidate>${hidden(f)}<button type="submit"${secondary ? html` class="secondary"` : ''}>${label}</button></form>`;

export const cancelButton = (f: LoginForm) => actionButton(f, 'cancel', 'Cancel and return to the app');

function socialRow(f: LoginForm, buttons: SocialButton[]): SafeHtml {
  if (!buttons.length) return html``;
  const links = buttons.map((b) => html`<a class="button" href="${socialStartPath(b.key, f.uid)}">Continue with ${b.label}</a>`);
  return html`<p class="or">or</p><nav aria-label="Sign in with another account">${links}</nav>`;
}

/** Step 1: the email. */
export function emailBody(f: LoginForm & { email?: string; error?: string; social: SocialButton[] }): SafeHtml {
  return html`<p>Enter your email address. We will email you a way to sign in, or send you to your company's sign-in page if it has one.</p>
${alertOf(f.error)}
<form method="post" action="${loginAction('email', f.uid)}" novalidate>
${hidden(f)}
<div class="field">
<label for="f-email">Email address</label>
<input id="f-email" name="email" type="email" value="${f.email ?? ''}" autocomplete="email" spellcheck="false" required aria-required="true"${f.error ? html` aria-invalid="true"` : ''}>
</div>
<button type="submit">Continue</button>
</form>
${socialRow(f, f.social)}`;
}

/** Step 2: the code and/or the link, as the environment's passwordless type sends them. */
export function checkEmailBody(f: LoginForm & { email: string; type: PasswordlessType; expiresIn: number; error?: string; notice?: string }): SafeHtml {
  const minutes = Math.max(1, Math.round(f.expiresIn / 60));
  const what = f.type === 'OTP' ? 'a 6-digit code' : f.type === 'LINK' ? 'a sign-in link' : 'a sign-in link and a 6-digit code';
  const codeForm =
    f.type === 'LINK'
      ? html`<p>Open the link in the email <strong>in this browser</strong> to continue.</p>`
      : html`<form method="post" action="${loginAction('code', f.uid)}" novalidate>
${hidden(f)}
<div class="field">
<label for="f-code">6-digit code</label>
<input id="f-code" name="code" type="text" inputmode="numeric" pattern="[0-9]{6}" maxlength="6" autocomplete="one-time-code" spellcheck="false" required aria-required="true"${f.error ? html` aria-invalid="true"` : ''}>
</div>
<button type="submit">Sign in</button>
</form>`;
  return html`<p>We sent ${what} to <strong>${f.email}</strong>. It works for ${minutes} minute${minutes === 1 ? '' : 's'}.</p>
${f.notice ? html`<div class="alert alert-ok" role="status">${f.notice}</div>` : ''}
${alertOf(f.error)}
${codeForm}
<p class="or">Didn't get it? Check your spam folder, or:</p>
${actionButton(f, 'resend', 'Send a new email')}
${actionButton(f, 'restart', 'Use a different email')}`;
}

/** The magic link's landing page: a button, because mail scanners open links (they must not sign anyone in). */
export function magicLinkBody(f: LoginForm & { linkToken: string }): SafeHtml {
  return html`<p>Press the button to finish signing in.</p>
<form method="post" action="${loginAction('link', f.uid)}" novalidate>
${hidden(f)}
<input type="hidden" name="link_token" value="${f.linkToken}">
<button type="submit">Continue signing in</button>
</form>`;
}

/** Several memberships: the person picks the organization to sign in to. */
export function pickOrganizationBody(f: LoginForm & { options: OrganizationOption[]; error?: string }): SafeHtml {
  return html`<p>Your account belongs to several organizations. Choose the one to sign in to.</p>
${alertOf(f.error)}
<form method="post" action="${loginAction('organization', f.uid)}" novalidate>
${hidden(f)}
<ul class="choices">${f.options.map((o) => html`<li><button type="submit" class="secondary" name="organization_id" value="${o.id}">${o.name}</button></li>`)}</ul>
</form>`;
}

/** Home realm discovery chose an organization's SSO, which Latchkey cannot run yet. */
export function ssoNotSetUpBody(f: LoginForm & { organizationName?: string; email?: string }): SafeHtml {
  const who = f.organizationName ? html`<strong>${f.organizationName}</strong>` : 'this organization';
  return html`<p>${f.email ? html`Accounts like <strong>${f.email}</strong> sign in through the single sign-on of ${who}.` : html`This app asked to sign you in through the single sign-on of ${who}.`}</p>
<div class="alert alert-error" role="alert">Single sign-on is not set up yet, so you cannot sign in this way for now. Nothing was sent and no other sign-in method is used instead.</div>
<p>Ask your administrator about single sign-on, or sign in with another email address.</p>
${f.email ? actionButton(f, 'restart', 'Use a different email') : ''}
${cancelButton(f)}`;
}

/** A refusal after the email was proven (not a member, organization full): plain words, and a way back. */
export function refusedBody(f: LoginForm & { message: string }): SafeHtml {
  return html`<div class="alert alert-error" role="alert">${f.message}</div>
${actionButton(f, 'restart', 'Use a different email')}
${cancelButton(f)}`;
}

export function expiredBody(): SafeHtml {
  return html`<p>This sign-in page has expired or was already used. Go back to the app and sign in again.</p>
<p class="muted">Opened a sign-in link from an email? Open it in the same browser where you started signing in.</p>`;
}
