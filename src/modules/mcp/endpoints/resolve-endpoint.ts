import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { McpEndpointNotFound } from '../auth/mcp-auth-error.js';
import { describeEndpoint, type McpEndpointRef } from './mcp-endpoint.js';

/** What an endpoint serves: its connections, which of their tools, how many at most, where links verify the user. */
export interface ResolvedEndpoint {
  ref: McpEndpointRef;
  envId: string;
  /** Set for a connection endpoint: the connection's id, which a token for it names. */
  connectionId?: string;
  connectionNames: string[];
  /** undefined: every tool of the connections. */
  allowedTools?: ReadonlySet<string>;
  maxTools?: number;
  userVerifyUrl?: string;
}

/** The endpoint in environment `envId`; McpEndpointNotFound when it is not served there. */
export async function resolveEndpoint(db: Kysely<Tables>, envId: string, ref: McpEndpointRef): Promise<ResolvedEndpoint> {
  if (ref.kind === 'server') {
    const row = await db.selectFrom('mcp_servers').selectAll().where('environment_id', '=', envId).where('id', '=', ref.serverId).executeTakeFirst();
    if (!row) throw new McpEndpointNotFound(`${describeEndpoint(ref)} does not exist in this environment`);
    const tools = JSON.parse(row.tool_names) as string[];
    return {
      ref,
      envId,
      connectionNames: JSON.parse(row.connection_names) as string[],
      allowedTools: tools.length ? new Set(tools) : undefined,
      maxTools: row.max_tools ?? undefined,
      userVerifyUrl: row.user_verify_url ?? undefined,
    };
  }
  const row = await db
    .selectFrom('connections as c')
    .innerJoin('mcp_connection_endpoints as e', 'e.connection_id', 'c.id')
    .select(['c.id', 'c.connection_name', 'e.user_verify_url'])
    .where('c.environment_id', '=', envId)
    .where('c.connection_name', '=', ref.connectionName)
    .executeTakeFirst();
  if (!row) throw new McpEndpointNotFound(`${describeEndpoint(ref)} is not served over MCP in this environment (enable it: PUT /api/v1/agent-auth/mcp-connections/${ref.connectionName})`);
  return { ref, envId, connectionId: row.id, connectionNames: [row.connection_name], userVerifyUrl: row.user_verify_url ?? undefined };
}
