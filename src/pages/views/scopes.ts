import type { OAuthScope } from '../../modules/providers/definition/provider-definition.js';
import { html, type SafeHtml } from '../html.js';

/** Scopes in words: display name and description from the definition, the raw scope in small print. */
export function scopeList(scopes: string[], available: OAuthScope[]): SafeHtml {
  if (!scopes.length) return html`<p class="muted">No specific permissions are requested; the provider's app settings decide the access.</p>`;
  return html`<ul class="scopes">${scopes.map((s) => {
    const def = available.find((a) => a.scope === s);
    const name = def?.display_name ?? s;
    return html`<li><strong>${name}</strong>${def?.description ? html` — ${def.description}` : ''} <code>${s}</code></li>`;
  })}</ul>`;
}
