import type { OAuthScope } from '../../modules/providers/definition/provider-definition.js';
import { html, type SafeHtml } from '../html.js';
import { scopeList } from './scopes.js';

export function connectedBody(providerName: string, oauth: { scopes: string[]; available: OAuthScope[] } | undefined): SafeHtml {
  return html`<div class="alert alert-ok" role="status">Your ${providerName} account is connected.</div>
${oauth ? html`<h2>Access granted</h2>${scopeList(oauth.scopes, oauth.available)}` : ''}
<p>You can close this window and return to the app.</p>
<p class="muted">To remove this access later, disconnect it in the app or in your ${providerName} account settings.</p>`;
}

export function awaitingVerificationBody(providerName: string): SafeHtml {
  return html`<p>You approved access to ${providerName}. The app still has to confirm that it was you; return to the app to finish.</p>
<p class="muted">If the app did not open, ask it for a new link.</p>`;
}

export function notConnectedBody(providerName: string): SafeHtml {
  return html`<div class="alert alert-error" role="alert">Your ${providerName} account was not connected.</div>
<p>This authorization did not complete. Ask the app for a new link to try again.</p>`;
}

export function errorBody(detail: string, reference?: string, command?: string): SafeHtml {
  return html`<div class="alert alert-error" role="alert">${detail}</div>
${command ? html`<p>Command: <span class="code">${command}</span></p>` : ''}
${reference ? html`<p class="muted">Reference: <span class="code">${reference}</span></p>` : ''}`;
}
