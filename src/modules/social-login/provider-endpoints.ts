import type { SocialProviderRow } from '../../storage/schema-social-login.js';
import type { OutboundFetch } from '../egress/outbound-fetch.js';
import { refusalIn } from '../egress/ssrf-guard.js';
import { isOidcKind, KIND_DEFAULTS } from './provider-kinds.js';
import type { SocialEndpoints } from './social-provider.js';
import { socialError } from './social-login-error.js';
import { checkUpstreamUrl } from './validate-social-provider.js';

/** Where one provider's sign-in goes: its own overrides first, then discovery (OIDC) or the kind's defaults. */
export interface ResolvedEndpoints {
  /** OIDC: the issuer id_tokens must name; may be Microsoft's `{tenantid}` template. Absent for GitHub. */
  issuer: string | undefined;
  authorizationUrl: string;
  tokenUrl: string;
  userinfoUrl: string | undefined;
  jwksUrl: string | undefined;
  /** GitHub: the REST API base. */
  apiUrl: string | undefined;
}

const MAX_DOCUMENT = 256 * 1024;

const unreachable = (name: string, what: string, err: unknown) => {
  const refused = refusalIn(err);
  return socialError(
    'temporarily_unavailable',
    `Could not reach ${name}`,
    refused
      ? `${name}'s ${what} is at ${refused.destination}, which is ${refused.kind}; Latchkey does not connect there. Tell the app's administrator.`
      : `Latchkey could not read ${name}'s ${what}. Try again in a moment, or choose another way to sign in.`,
    502,
  );
};

/** GETs a JSON document through the guarded fetch (no redirects, SSRF guard, size bound). */
export async function fetchJson(fetch: OutboundFetch, url: string, name: string, what: string, headers: Record<string, string> = {}): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json', ...headers } });
  } catch (err) {
    throw unreachable(name, what, err);
  }
  const text = await res.text();
  if (res.status !== 200 || text.length > MAX_DOCUMENT) throw unreachable(name, `${what} (HTTP ${res.status})`, undefined);
  try {
    return JSON.parse(text);
  } catch {
    throw unreachable(name, `${what} (not JSON)`, undefined);
  }
}

/**
 * OpenID Connect Discovery 1.0 §4: the document at `<issuer>/.well-known/openid-configuration`,
 * whose `issuer` must be the one configured (§4.3) — or, for Microsoft's multi-tenant endpoints,
 * its `{tenantid}` template on the same host.
 */
async function discover(fetch: OutboundFetch, issuer: string, name: string): Promise<Record<string, unknown>> {
  const doc = (await fetchJson(fetch, `${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, name, 'discovery document')) as Record<string, unknown>;
  const said = typeof doc?.issuer === 'string' ? doc.issuer : undefined;
  const templated = said?.includes('{tenantid}') && new URL(said.replace('{tenantid}', 't')).origin === new URL(issuer).origin;
  if (!said || (said !== issuer && !templated)) {
    throw socialError('server_error', `${name} is not set up correctly`, `${name}'s discovery document names another issuer than the one configured, so Latchkey will not trust it. Tell the app's administrator.`, 502);
  }
  return { ...doc, issuer: said };
}

/** A discovered endpoint is held to the rule an administrator's URL is (https, or http to loopback). */
const str = (v: unknown) => (typeof v === 'string' && v && checkUpstreamUrl(v, 'endpoint', []) ? v : undefined);

export async function resolveEndpoints(row: SocialProviderRow, fetch: OutboundFetch): Promise<ResolvedEndpoints> {
  const o = JSON.parse(row.endpoints) as SocialEndpoints;
  const name = row.display_name;
  if (!isOidcKind(row.kind)) {
    const d = KIND_DEFAULTS.GITHUB;
    return { issuer: undefined, authorizationUrl: o.authorizationUrl ?? d.authorizationUrl!, tokenUrl: o.tokenUrl ?? d.tokenUrl!, userinfoUrl: undefined, jwksUrl: undefined, apiUrl: o.apiUrl ?? d.apiUrl! };
  }
  const issuer = row.issuer!;
  // Every endpoint overridden: no discovery call (an IdP without one, or fewer calls).
  const doc = o.authorizationUrl && o.tokenUrl && o.jwksUrl ? { issuer } : await discover(fetch, issuer, name);
  const authorizationUrl = o.authorizationUrl ?? str(doc.authorization_endpoint);
  const tokenUrl = o.tokenUrl ?? str(doc.token_endpoint);
  const jwksUrl = o.jwksUrl ?? str(doc.jwks_uri);
  if (!authorizationUrl || !tokenUrl || !jwksUrl) {
    throw socialError('server_error', `${name} is not set up correctly`, `${name}'s discovery document lacks an authorization, token or keys endpoint. Tell the app's administrator.`, 502);
  }
  return { issuer: doc.issuer as string, authorizationUrl, tokenUrl, userinfoUrl: o.userinfoUrl ?? str(doc.userinfo_endpoint), jwksUrl, apiUrl: undefined };
}
