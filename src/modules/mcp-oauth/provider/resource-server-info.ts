import type { Kysely } from 'kysely';
import { errors, type ResourceServer } from 'oidc-provider';
import type { Tables } from '../../../storage/schema.js';
import { InvalidResource, resolveResource } from '../resource/resource-endpoint.js';

/** The one scope of an MCP endpoint: using its tools as the signed-in identifier. */
export const MCP_SCOPE = 'mcp';

/**
 * RFC 8707: a token is issued for exactly one MCP endpoint of this server (its URL is the
 * audience). Tokens are opaque, stored hashed: the MCP endpoint looks them up, so revocation and
 * refresh-token reuse detection take effect on the next call.
 */
export function resourceServerInfo(db: Kysely<Tables>, publicUrl: string, accessTokenTtlSeconds: number) {
  return async (_ctx: unknown, resource: string): Promise<ResourceServer> => {
    try {
      await resolveResource(db, publicUrl, resource);
    } catch (err) {
      if (err instanceof InvalidResource) throw new errors.InvalidTarget(err.message);
      throw err;
    }
    return { scope: MCP_SCOPE, audience: resource, accessTokenTTL: accessTokenTtlSeconds, accessTokenFormat: 'opaque' };
  };
}
