import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { describeEndpoint, endpointOfPath, endpointUrl, type McpEndpointRef } from '../../mcp/endpoints/mcp-endpoint.js';

/** An MCP endpoint a token may be bound to (RFC 8707 `resource`), with the one environment serving it. */
export interface ResourceEndpoint {
  resource: string;
  ref: McpEndpointRef;
  envId: string;
}

/** Why a `resource` cannot be granted; the message names what to send instead. */
export class InvalidResource extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidResource';
  }
}

/** The endpoint a `resource` names: exactly one of this server's MCP endpoint URLs (its protected-resource `resource`). */
export function endpointOfResource(publicUrl: string, resource: string): McpEndpointRef {
  const base = new URL(publicUrl);
  let u: URL;
  try {
    u = new URL(resource);
  } catch {
    throw new InvalidResource('resource must be the absolute URL of a Latchkey MCP endpoint');
  }
  const ref = u.origin === base.origin && !u.search && !u.hash ? endpointOfPath(u.pathname) : undefined;
  if (!ref || endpointUrl(publicUrl, ref) !== resource) {
    throw new InvalidResource(`resource must be an MCP endpoint URL of this server, such as ${publicUrl}/mcp/v3/servers/<server_id>`);
  }
  return ref;
}

/**
 * The environment serving `ref`. A server id is unique; a connection name is unique per
 * environment only, so a connection URL served by several environments is refused (an MCP
 * server URL names one).
 */
export async function environmentServing(db: Kysely<Tables>, ref: McpEndpointRef): Promise<string> {
  const envIds =
    ref.kind === 'server'
      ? (await db.selectFrom('mcp_servers').select('environment_id').where('id', '=', ref.serverId).execute()).map((r) => r.environment_id)
      : (
          await db
            .selectFrom('mcp_connection_endpoints as e')
            .innerJoin('connections as c', 'c.id', 'e.connection_id')
            .select('e.environment_id')
            .where('c.connection_name', '=', ref.connectionName)
            .execute()
        ).map((r) => r.environment_id);
  if (envIds.length === 0) throw new InvalidResource(`${describeEndpoint(ref)} is not served over MCP`);
  if (envIds.length > 1) throw new InvalidResource(`${describeEndpoint(ref)} is served by several environments; connect to an MCP server URL (/mcp/v3/servers/<server_id>) instead`);
  return envIds[0];
}

export async function resolveResource(db: Kysely<Tables>, publicUrl: string, resource: string): Promise<ResourceEndpoint> {
  const ref = endpointOfResource(publicUrl, resource);
  return { resource, ref, envId: await environmentServing(db, ref) };
}
