import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import type { McpServerRow } from '../../../storage/schema-mcp.js';
import { newId } from '../../../storage/ids.js';
import { DomainError, notFound } from '../../errors/domain-error.js';
import type { ToolRegistry } from '../../tools/registry/tool-registry.js';
import { endpointUrl } from '../endpoints/mcp-endpoint.js';
import { validateMcpServer } from './validate-mcp-server.js';

/** An MCP server as the REST API and the CLI show it. */
export interface McpServerView {
  id: string;
  name: string;
  connection_names: string[];
  /** [] = every tool of the connections. */
  tool_names: string[];
  max_tools: number | null;
  user_verify_url: string | null;
  mcp_server_url: string;
  created_at: string;
  updated_at: string;
}

export const mcpServerView = (publicUrl: string, r: McpServerRow): McpServerView => ({
  id: r.id,
  name: r.name,
  connection_names: JSON.parse(r.connection_names) as string[],
  tool_names: JSON.parse(r.tool_names) as string[],
  max_tools: r.max_tools,
  user_verify_url: r.user_verify_url,
  mcp_server_url: endpointUrl(publicUrl, { kind: 'server', serverId: r.id }),
  created_at: r.created_at,
  updated_at: r.updated_at,
});

const nameTaken = (name: string) =>
  new DomainError('already_exists', `an MCP server named '${name}' already exists in this environment; choose another name`, { reason: 'MCP_SERVER_NAME_EXISTS' });

export async function createMcpServer(db: Kysely<Tables>, registry: ToolRegistry, envId: string, publicUrl: string, input: unknown): Promise<McpServerView> {
  const s = await validateMcpServer(db, registry, envId, input);
  if (await db.selectFrom('mcp_servers').select('id').where('environment_id', '=', envId).where('name', '=', s.name).executeTakeFirst()) throw nameTaken(s.name);
  const now = new Date().toISOString();
  const row: McpServerRow = {
    id: newId('mcps'),
    environment_id: envId,
    name: s.name,
    connection_names: JSON.stringify(s.connectionNames),
    tool_names: JSON.stringify(s.toolNames),
    max_tools: s.maxTools,
    user_verify_url: s.userVerifyUrl,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('mcp_servers').values(row).execute();
  return mcpServerView(publicUrl, row);
}

/** The row by id, in this environment only; not_found otherwise. */
export async function getMcpServerRow(db: Kysely<Tables>, envId: string, id: string): Promise<McpServerRow> {
  const row = await db.selectFrom('mcp_servers').selectAll().where('environment_id', '=', envId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('MCP server', id, 'MCP_SERVER_NOT_FOUND');
  return row;
}

export async function listMcpServers(db: Kysely<Tables>, envId: string, publicUrl: string): Promise<McpServerView[]> {
  const rows = await db.selectFrom('mcp_servers').selectAll().where('environment_id', '=', envId).orderBy('name').execute();
  return rows.map((r) => mcpServerView(publicUrl, r));
}

/** Deletes the server and, with it, every token issued for it. */
export async function deleteMcpServer(db: Kysely<Tables>, envId: string, id: string): Promise<void> {
  await getMcpServerRow(db, envId, id);
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('mcp_tokens').where('environment_id', '=', envId).where('server_id', '=', id).execute();
    await tx.deleteFrom('mcp_servers').where('environment_id', '=', envId).where('id', '=', id).execute();
  });
}
