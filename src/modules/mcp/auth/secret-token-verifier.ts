import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { resolveEndpoint } from '../endpoints/resolve-endpoint.js';
import type { McpEndpointRef } from '../endpoints/mcp-endpoint.js';
import { hashMcpToken, looksLikeMcpToken } from '../tokens/mcp-token-secret.js';
import { McpAuthError } from './mcp-auth-error.js';
import type { McpCaller } from './mcp-caller.js';
import type { McpTokenVerifier } from './mcp-token-verifier.js';

const invalid = (why: string) => new McpAuthError('invalid_token', why);

/** Part (b): the per-user secret tokens issued through POST /api/v1/agent-auth/mcp-tokens. */
export const secretTokenVerifier: McpTokenVerifier = {
  accepts: looksLikeMcpToken,
  // Revoked through the API, which publishes the change (mcp-admin-routes.ts); the CLI and other replicas within the TTL.
  cacheable: true,
  async verify(db: Kysely<Tables>, token: string, ref: McpEndpointRef, now: Date): Promise<McpCaller> {
    const row = await db.selectFrom('mcp_tokens').selectAll().where('secret_hash', '=', hashMcpToken(token)).executeTakeFirst();
    if (!row) throw invalid('the token is not known to this server');
    if (row.revoked_at) throw invalid('the token was revoked');
    if (row.expires_at && Date.parse(row.expires_at) <= now.getTime()) throw invalid('the token has expired; issue a new one');
    const endpoint = await resolveEndpoint(db, row.environment_id, ref);
    const matches = ref.kind === 'server' ? row.server_id === ref.serverId : row.connection_id !== null && row.connection_id === endpoint.connectionId;
    if (!matches) throw invalid('the token was issued for another MCP endpoint');
    return {
      envId: row.environment_id,
      identifier: row.identifier,
      endpoint,
      credentialId: row.id,
      expiresAt: row.expires_at ? new Date(row.expires_at) : undefined,
    };
  },
};
