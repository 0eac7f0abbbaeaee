import type { FieldDefinition, OAuthScope } from '../../modules/providers/definition/provider-definition.js';
import type { FieldCheck } from '../../modules/authorization/steps/validate-fields.js';
import { html, type SafeHtml } from '../html.js';
import { errorSummary, renderField, requiredNote } from './fields.js';
import { scopeList } from './scopes.js';

export interface FormView {
  providerName: string;
  patternName: string;
  patternDescription?: string;
  fields: FieldDefinition[];
  csrfToken: string;
  /** Values to show again after a failed submit (passwords are never shown). */
  values?: Record<string, string>;
  check?: FieldCheck;
}

function form(v: FormView, button: string): SafeHtml {
  const errors = v.check?.errors ?? {};
  return html`${errorSummary(v.check?.formErrors ?? [], errors)}
${requiredNote(v.fields)}
<form method="post" novalidate>
<input type="hidden" name="csrf_token" value="${v.csrfToken}">
${v.fields.map((f) => renderField(f, v.values?.[f.field_name], errors[f.field_name]))}
<button type="submit">${button}</button>
</form>`;
}

/** BASIC / BEARER / API_KEY: the credential form. */
export function staticCredentialsBody(v: FormView): SafeHtml {
  return html`<p>An app is asking to connect to your <strong>${v.providerName}</strong> account using ${v.patternName}.${v.patternDescription ? html` ${v.patternDescription}` : ''}</p>
<p class="muted">What you enter is encrypted and used only to call ${v.providerName} on your behalf. It is never shown again.</p>
${form(v, `Connect ${v.providerName}`)}`;
}

/** OAuth with account fields to collect first, and the access that will be asked. */
export function accountFieldsBody(v: FormView & { scopes: string[]; available: OAuthScope[] }): SafeHtml {
  return html`<p>An app is asking to connect to your <strong>${v.providerName}</strong> account. First, tell us which account to use; then ${v.providerName} will ask you to sign in and approve access.</p>
<h2>Access that will be requested</h2>
${scopeList(v.scopes, v.available)}
<h2>Your ${v.providerName} account</h2>
${form(v, `Continue to ${v.providerName}`)}`;
}
