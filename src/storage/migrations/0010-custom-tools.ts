import type { Kysely } from 'kysely';

// Frozen in time: never import application types here.
export async function up(db: Kysely<any>): Promise<void> {
  // One row per version of a custom tool; the default version of a name is the one executions use.
  await db.schema
    .createTable('custom_tools')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('tool_version', 'text', (c) => c.notNull())
    .addColumn('schema_version', 'text', (c) => c.notNull())
    // 'code' (a sandboxed function) or 'declarative' (an HTTP request template over a connection).
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    // The definition a model sees, as JSON (name, display_name, description, category, provider, schemas).
    .addColumn('definition', 'text', (c) => c.notNull())
    // The function's source text (code) or the request template as JSON (declarative).
    .addColumn('implementation', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    // Scope: null and null = the whole environment.
    .addColumn('organization_id', 'text')
    // A tool narrowed to a connection goes with it, as its modifiers do.
    .addColumn('connection_id', 'text', (c) => c.references('connections.id').onDelete('cascade'))
    .addColumn('is_default', 'integer', (c) => c.notNull())
    .addColumn('deprecated_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('custom_tools_env_name_version').on('custom_tools').columns(['environment_id', 'name', 'tool_version']).unique().execute();
  await db.schema.createIndex('custom_tools_connection').on('custom_tools').column('connection_id').execute();
  // The seed's `Authorization: Bearer <client secret>` finds its client by the secret's hash.
  await db.schema.createIndex('api_clients_secret_hash').on('api_clients').column('secret_hash').execute();
  // A deprecated version still runs; its executions say so.
  await db.schema.alterTable('tool_executions').addColumn('warning', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tool_executions').dropColumn('warning').execute();
  await db.schema.dropIndex('api_clients_secret_hash').execute();
  await db.schema.dropTable('custom_tools').execute();
}
