import { html, type SafeHtml } from '../html.js';

export interface McpConsentView {
  clientName: string | undefined;
  clientId: string;
  endpointName: string;
  resource: string;
  /** Set when the app (mode `custom`) confirmed who the person is; otherwise the person names the identifier (dashboard_users). */
  identifier?: string;
  /** Whether the client asked to keep access while the person is away (offline_access). */
  offline: boolean;
  csrfToken: string;
  error?: string;
}

const clientLabel = (v: McpConsentView): SafeHtml =>
  v.clientName ? html`<strong>${v.clientName}</strong> <span class="muted">(${v.clientId})</span>` : html`<strong>${v.clientId}</strong>`;

/** The consent page: which client, which endpoint, as whom; Allow and Deny as two buttons of one CSRF-bound form. */
export function mcpConsentBody(v: McpConsentView): SafeHtml {
  const who = v.identifier
    ? html`<p>You are signed in as <strong>${v.identifier}</strong>. Its tools will run with the accounts connected for that user.</p>`
    : html`<div class="field">
<label for="f-identifier">Act as identifier <span class="req" aria-hidden="true">*</span><span class="sr-only"> (required)</span></label>
<input id="f-identifier" name="identifier" type="text" required aria-required="true" aria-describedby="f-identifier-hint" autocomplete="off" spellcheck="false">
<div id="f-identifier-hint" class="hint">The connected-account identifier whose tools the client may use. Latchkey administrators only (user verification mode dashboard_users).</div>
</div>`;
  return html`${v.error ? html`<div class="alert alert-error" role="alert">${v.error}</div>` : ''}
<p>The MCP client ${clientLabel(v)} asks to use the tools of ${v.endpointName}.</p>
<p class="muted">Endpoint: <span class="code">${v.resource}</span>${v.offline ? html`. It asks to keep access until you revoke it (offline access).` : '.'}</p>
${v.identifier ? who : ''}
<form method="post" novalidate>
<input type="hidden" name="csrf_token" value="${v.csrfToken}">
${v.identifier ? '' : who}
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`;
}
