/**
 * Where Latchkey's authorization server for MCP clients lives. Its own prefix keeps it apart from
 * app sign-in (`/oauth/*`, `/.well-known/openid-configuration`), which a later issue serves.
 */
export const MCP_OAUTH_PREFIX = '/mcp/oauth';

/** The issuer: RFC 8414 metadata, `iss` of authorization responses (RFC 9207). */
export const mcpOAuthIssuer = (publicUrl: string): string => `${publicUrl}${MCP_OAUTH_PREFIX}`;

/**
 * The metadata URLs the MCP authorization spec has clients try for an issuer with a path: RFC 8414
 * §3.1 and OIDC discovery with the path inserted, then OIDC discovery appended (served by the provider itself).
 */
export const RFC8414_METADATA_PATH = `/.well-known/oauth-authorization-server${MCP_OAUTH_PREFIX}`;
export const OIDC_INSERTED_METADATA_PATH = `/.well-known/openid-configuration${MCP_OAUTH_PREFIX}`;
export const PROVIDER_DISCOVERY_PATH = '/.well-known/openid-configuration';

/** The sign-in step's pages: under /connect, where the hosted pages' CSRF and administrator cookies live. */
export const INTERACTION_PATH = '/connect/mcp-oauth/interaction';
export const interactionUrl = (publicUrl: string, uid: string): string => `${publicUrl}${INTERACTION_PATH}/${uid}`;
