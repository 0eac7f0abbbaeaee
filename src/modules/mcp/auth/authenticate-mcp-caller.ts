import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import type { McpEndpointRef } from '../endpoints/mcp-endpoint.js';
import { McpAuthError } from './mcp-auth-error.js';
import type { McpCaller } from './mcp-caller.js';
import type { McpCallerCache } from './caller-cache.js';
import type { McpTokenVerifier } from './mcp-token-verifier.js';
import { secretTokenVerifier } from './secret-token-verifier.js';
import { oauthTokenVerifier } from '../../mcp-oauth/oauth-token-verifier.js';

/**
 * The token kinds MCP endpoints accept, tried by shape. OAuth access tokens issued for an
 * endpoint (the MCP authorization spec: audience-bound, RFC 8707) join this list as another
 * verifier; nothing else changes.
 */
export const MCP_TOKEN_VERIFIERS: McpTokenVerifier[] = [secretTokenVerifier, oauthTokenVerifier];

const BEARER = /^Bearer[ ]+([A-Za-z0-9._~+/-]+=*)[ ]*$/i;

/**
 * Who is calling `endpoint`, from the request's Authorization header only (a token in a URL is
 * never read), through `cache` for the token kinds that allow it. McpAuthError when there is no
 * usable credential: the transport answers 401 with the endpoint's resource_metadata pointer.
 */
export async function authenticateMcpCaller(
  db: Kysely<Tables>,
  authorization: string | undefined,
  endpoint: McpEndpointRef,
  opts: { verifiers?: readonly McpTokenVerifier[]; cache?: McpCallerCache; now?: Date } = {},
): Promise<McpCaller> {
  const { verifiers = MCP_TOKEN_VERIFIERS, cache, now = new Date() } = opts;
  if (!authorization?.trim()) throw new McpAuthError('missing_token', 'an Authorization: Bearer token is required');
  const m = BEARER.exec(authorization);
  if (!m) throw new McpAuthError('invalid_token', 'the Authorization header must be "Bearer <token>"');
  const token = m[1];
  const verifier = verifiers.find((v) => v.accepts(token));
  if (!verifier) throw new McpAuthError('invalid_token', 'the token is not one this server issued for MCP');
  if (cache && verifier.cacheable) return cache.get(token, endpoint, () => verifier.verify(db, token, endpoint, now));
  return verifier.verify(db, token, endpoint, now);
}
