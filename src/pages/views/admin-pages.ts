import { html, type SafeHtml } from '../html.js';

export function adminLoginBody(envName: string, csrfToken: string): SafeHtml {
  return html`<p>Sign this browser in as a Latchkey administrator of the <strong>${envName}</strong> environment.</p>
<p class="muted">While signed in, this browser can connect accounts in this environment when its user verification mode is “Latchkey administrators only” (dashboard_users, the mode a new development environment starts in). The session lasts 12 hours.</p>
<form method="post" novalidate>
<input type="hidden" name="csrf_token" value="${csrfToken}">
<button type="submit">Sign in</button>
</form>`;
}

export function adminSessionBody(session: { envName: string; expiresAt: Date } | undefined): SafeHtml {
  if (!session) {
    return html`<div class="alert alert-error" role="alert">This browser is not signed in as a Latchkey administrator.</div>
<p>Create a sign-in link on the Latchkey server with <span class="code">npx latchkey admin login-link --env &lt;environment&gt;</span> (for example <span class="code">--env development</span>) and open it in this browser.</p>`;
  }
  return html`<div class="alert alert-ok" role="status">Signed in as a Latchkey administrator of the ${session.envName} environment.</div>
<p>You can now open authorization links in this browser. The session ends ${session.expiresAt.toUTCString()}.</p>`;
}
