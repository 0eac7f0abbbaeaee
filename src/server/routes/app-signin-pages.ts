import type { KoaContextWithOIDC } from 'oidc-provider';
import type { ProviderPages } from '../../modules/app-signin/index.js';
import { LOGOUT_PATH } from '../../modules/app-signin/index.js';
import { html, SafeHtml } from '../../pages/html.js';
import { layout } from '../../pages/layout.js';
import { errorBody } from '../../pages/views/result-pages.js';

/** Submits the logout form without a click; same-origin script, so the CSP still allows no inline script. */
export const LOGOUT_SCRIPT_PATH = `${LOGOUT_PATH}/auto-submit.js`;
export const LOGOUT_SCRIPT = "document.getElementById('op.logoutForm')?.submit();\n";

const csp = (script: boolean) =>
  `default-src 'none'; style-src 'self'; img-src 'self'; ${script ? "script-src 'self'; " : ''}form-action 'self' https: http:; frame-ancestors 'none'; base-uri 'none'`;

function page(ctx: KoaContextWithOIDC, title: string, body: SafeHtml, script = false): void {
  ctx.type = 'html';
  ctx.set('content-security-policy', csp(script));
  ctx.set('x-frame-options', 'DENY');
  ctx.set('referrer-policy', 'no-referrer');
  ctx.set('cache-control', 'no-store');
  ctx.body = layout(title, body);
}

/** The provider's own pages in our layout: errors, the logout step (auto-submitted), signed out. */
export const appSignInPages: ProviderPages = {
  error(ctx, out) {
    const detail = `${out.error_description ?? out.error} (${out.error}). Go back to the app and sign in again; if it keeps happening, tell the app's developer.`;
    page(ctx, 'This sign-in request cannot be completed', errorBody(detail));
  },
  logout(ctx, form) {
    // The provider's form carries only its hidden xsrf field; signing out ends every sign-in of this browser.
    const withButton = form.replace('</form>', '<input type="hidden" name="logout" value="yes"><button type="submit">Sign out</button></form>');
    page(ctx, 'Signing you out', html`<h1>Signing you out…</h1>${new SafeHtml(withButton)}<script src="${LOGOUT_SCRIPT_PATH}"></script>`, true);
  },
  loggedOut(ctx) {
    page(ctx, 'You are signed out', html`<h1>You are signed out</h1><p>You can close this window.</p>`);
  },
};
