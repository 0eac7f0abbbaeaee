import { html, type SafeHtml } from '../html.js';

export function inviteConfirmBody(organizationName: string, email: string, token: string): SafeHtml {
  return html`<p><strong>${email}</strong> is invited to join <strong>${organizationName}</strong>.</p>
<form method="post" action="/invites/accept" novalidate>
<input type="hidden" name="token" value="${token}">
<button type="submit">Accept the invitation</button>
</form>`;
}

export function inviteAcceptedBody(organizationName: string, email: string): SafeHtml {
  return html`<div class="alert alert-ok" role="status">${email} is now a member of ${organizationName}.</div>
<p>You can close this page.</p>`;
}
