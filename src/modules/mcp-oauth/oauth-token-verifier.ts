import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { McpAuthError } from '../mcp/auth/mcp-auth-error.js';
import type { McpCaller } from '../mcp/auth/mcp-caller.js';
import type { McpTokenVerifier } from '../mcp/auth/mcp-token-verifier.js';
import { endpointPath, type McpEndpointRef } from '../mcp/endpoints/mcp-endpoint.js';
import { resolveEndpoint } from '../mcp/endpoints/resolve-endpoint.js';
import { hashEntryId } from './provider/kysely-adapter.js';
import { parseSubjectId } from './subject.js';

/** oidc-provider's opaque tokens: 256 random bits, 43 base64url characters, no prefix. */
const OPAQUE_TOKEN = /^[A-Za-z0-9_-]{43}$/;

interface StoredAccessToken {
  accountId?: string;
  aud?: string | string[];
  exp?: number;
  jti?: string;
}

const invalid = (why: string) => new McpAuthError('invalid_token', why);

/** The endpoint path a token's audience names (the audience is a full endpoint URL of this server, checked at issuance). */
function audiencePath(aud: StoredAccessToken['aud']): string | undefined {
  const one = Array.isArray(aud) ? (aud.length === 1 ? aud[0] : undefined) : aud;
  if (!one) return undefined;
  try {
    return new URL(one).pathname;
  } catch {
    return undefined;
  }
}

/**
 * Part (a): access tokens Latchkey's MCP authorization server issued (RFC 8707: bound to one
 * endpoint). Looked up by hash in the provider's store, so a revoked grant or a refresh token
 * reused after rotation (which revokes the grant) stops them at once.
 */
export const oauthTokenVerifier: McpTokenVerifier = {
  accepts: (token) => OPAQUE_TOKEN.test(token),
  async verify(db: Kysely<Tables>, token: string, ref: McpEndpointRef, now: Date): Promise<McpCaller> {
    const row = await db.selectFrom('mcp_oauth_entries').select('payload').where('model', '=', 'AccessToken').where('id_hash', '=', hashEntryId(token)).executeTakeFirst();
    if (!row) throw invalid('the token is not known to this server (it may have been revoked)');
    const stored = JSON.parse(row.payload) as StoredAccessToken;
    if (typeof stored.exp !== 'number' || stored.exp * 1000 <= now.getTime()) throw invalid('the access token has expired; refresh it');
    const subject = stored.accountId ? parseSubjectId(stored.accountId) : undefined;
    if (!subject) throw invalid('the token does not name a user');
    if (audiencePath(stored.aud) !== endpointPath(ref)) throw invalid('the token was issued for another MCP endpoint (RFC 8707 resource)');
    const endpoint = await resolveEndpoint(db, subject.envId, ref);
    return {
      envId: subject.envId,
      identifier: subject.identifier,
      endpoint,
      credentialId: stored.jti ? `mcpoauth_${hashEntryId(stored.jti).slice(0, 12)}` : 'mcpoauth',
      expiresAt: new Date(stored.exp * 1000),
    };
  },
};
