import type { Connection } from '../../connections/connection.js';
import type { ResolvedOAuthConfig } from '../../providers/definition/provider-definition.js';
import { fillTemplate } from '../../providers/definition/template.js';

/** Parameters the flow sets itself (RFC 6749 §4.1.1, RFC 7636 §4.3); extras never override them. */
const PROTOCOL_PARAMS = ['response_type', 'client_id', 'redirect_uri', 'state', 'code_challenge', 'code_challenge_method', 'scope'];

export interface AuthorizationUrlInput {
  oauth: ResolvedOAuthConfig;
  connection: Connection;
  redirectUri: string;
  scopes: string[];
  state: string;
  /** RFC 7636 §4.2 S256 challenge; absent when the provider's `pkce` is off. */
  codeChallenge?: string;
  accountFields: Record<string, string>;
}

/**
 * build_authorization_url — RFC 6749 §4.1.1 authorization request: the provider's authorize_uri
 * (account-field templates filled), its `authorize_params`, the connection's (which win over the
 * provider's), then the protocol parameters, which nothing overrides.
 */
export function buildAuthorizationUrl(i: AuthorizationUrlInput): URL {
  const url = new URL(fillTemplate(i.oauth.authorize_uri, i.accountFields));
  const reserved = new Set([...PROTOCOL_PARAMS, i.oauth.scope_param]);
  for (const [k, v] of Object.entries({ ...i.oauth.authorize_params, ...i.connection.authorizeParams })) {
    if (!reserved.has(k)) url.searchParams.set(k, v);
  }
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', i.connection.clientId ?? '');
  url.searchParams.set('redirect_uri', i.redirectUri);
  if (i.scopes.length) url.searchParams.set(i.oauth.scope_param, i.scopes.join(i.oauth.scope_separator));
  url.searchParams.set('state', i.state);
  if (i.codeChallenge) {
    url.searchParams.set('code_challenge', i.codeChallenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }
  return url;
}
