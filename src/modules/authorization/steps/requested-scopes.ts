import type { Connection } from '../../connections/connection.js';
import type { ResolvedOAuthConfig } from '../../providers/definition/provider-definition.js';

/** The connection's scopes with the pattern's required ones first, each once (RFC 6749 §3.3). */
export function requestedScopes(oauth: ResolvedOAuthConfig, connection: Connection): string[] {
  const required = oauth.available_scopes.filter((s) => s.required).map((s) => s.scope);
  return [...new Set([...required, ...connection.scopes])];
}
