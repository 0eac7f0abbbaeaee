import type { Kysely } from 'kysely';

// Frozen in time: never import application types here.
export async function up(db: Kysely<any>): Promise<void> {
  // A connection served as its own MCP endpoint (/mcp/v3/connections/<name>): a row means enabled.
  await db.schema
    .createTable('mcp_connection_endpoints')
    .addColumn('connection_id', 'text', (c) => c.primaryKey().references('connections.id').onDelete('cascade'))
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    // Where the environment's `custom` user verification sends the user after consent (links issued by this endpoint).
    .addColumn('user_verify_url', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // A configured MCP server (/mcp/v3/servers/<id>): several connections, an optional tool allow-list and tools/list cap.
  await db.schema
    .createTable('mcp_servers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    // JSON arrays of connection names and tool names ([] = every tool of those connections).
    .addColumn('connection_names', 'text', (c) => c.notNull())
    .addColumn('tool_names', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('max_tools', 'integer')
    .addColumn('user_verify_url', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mcp_servers_env_name').on('mcp_servers').columns(['environment_id', 'name']).unique().execute();

  // Per-user bearer secrets for headless MCP clients, stored as SHA-256 only; each is bound to one endpoint.
  await db.schema
    .createTable('mcp_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    .addColumn('identifier', 'text', (c) => c.notNull())
    .addColumn('server_id', 'text', (c) => c.references('mcp_servers.id').onDelete('cascade'))
    .addColumn('connection_id', 'text', (c) => c.references('connections.id').onDelete('cascade'))
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('secret_hint', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mcp_tokens_secret_hash').on('mcp_tokens').column('secret_hash').unique().execute();
  await db.schema.createIndex('mcp_tokens_env_identifier').on('mcp_tokens').columns(['environment_id', 'identifier']).execute();
  await db.schema.createIndex('mcp_tokens_server').on('mcp_tokens').column('server_id').execute();
  await db.schema.createIndex('mcp_tokens_connection').on('mcp_tokens').column('connection_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('mcp_tokens').execute();
  await db.schema.dropTable('mcp_servers').execute();
  await db.schema.dropTable('mcp_connection_endpoints').execute();
}
