import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { getConnectionRow } from '../../connections/connections.js';
import { validateUserVerifyUrl } from '../../authorization/user-verify-url.js';
import { endpointUrl } from './mcp-endpoint.js';

/** A connection served as its own MCP endpoint. */
export interface McpConnectionEndpoint {
  connection_name: string;
  mcp_server_url: string;
  user_verify_url: string | null;
  created_at: string;
}

const view = (publicUrl: string, name: string, row: { user_verify_url: string | null; created_at: string }): McpConnectionEndpoint => ({
  connection_name: name,
  mcp_server_url: endpointUrl(publicUrl, { kind: 'connection', connectionName: name }),
  user_verify_url: row.user_verify_url,
  created_at: row.created_at,
});

/** Serves the connection at /mcp/v3/connections/<name> (again: a second call replaces user_verify_url). */
export async function enableConnectionEndpoint(db: Kysely<Tables>, envId: string, publicUrl: string, name: string, opts: { userVerifyUrl?: string | null } = {}): Promise<McpConnectionEndpoint> {
  const connection = await getConnectionRow(db, envId, { name });
  const row = {
    connection_id: connection.id,
    environment_id: envId,
    user_verify_url: opts.userVerifyUrl ? validateUserVerifyUrl(opts.userVerifyUrl) : null,
    created_at: new Date().toISOString(),
  };
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('mcp_connection_endpoints').where('connection_id', '=', connection.id).execute();
    await tx.insertInto('mcp_connection_endpoints').values(row).execute();
  });
  return view(publicUrl, connection.connection_name, row);
}

/** Stops serving it; true when it was served. Tokens for it stay (they work again once re-enabled) until revoked. */
export async function disableConnectionEndpoint(db: Kysely<Tables>, envId: string, name: string): Promise<boolean> {
  const connection = await getConnectionRow(db, envId, { name });
  const r = await db.deleteFrom('mcp_connection_endpoints').where('connection_id', '=', connection.id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function listConnectionEndpoints(db: Kysely<Tables>, envId: string, publicUrl: string): Promise<McpConnectionEndpoint[]> {
  const rows = await db
    .selectFrom('mcp_connection_endpoints as e')
    .innerJoin('connections as c', 'c.id', 'e.connection_id')
    .select(['c.connection_name', 'e.user_verify_url', 'e.created_at'])
    .where('e.environment_id', '=', envId)
    .orderBy('c.connection_name')
    .execute();
  return rows.map((r) => view(publicUrl, r.connection_name, r));
}

/** The MCP URLs of the given connections that are served, by connection id (for Connection.mcp_server_url). */
export async function connectionEndpointUrls(db: Kysely<Tables>, envId: string, publicUrl: string, connectionIds: string[]): Promise<Map<string, string>> {
  if (!connectionIds.length) return new Map();
  const rows = await db
    .selectFrom('mcp_connection_endpoints as e')
    .innerJoin('connections as c', 'c.id', 'e.connection_id')
    .select(['c.id', 'c.connection_name'])
    .where('e.environment_id', '=', envId)
    .where('e.connection_id', 'in', connectionIds)
    .execute();
  return new Map(rows.map((r) => [r.id, endpointUrl(publicUrl, { kind: 'connection', connectionName: r.connection_name })]));
}
