import type { Kysely } from 'kysely';

// Frozen in time: never import application types here.
export async function up(db: Kysely<any>): Promise<void> {
  // One rule per (environment, tool, connection); connection_id null = every connection of the environment.
  await db.schema
    .createTable('tool_modifiers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    .addColumn('tool_name', 'text', (c) => c.notNull())
    // A rule narrowed to a connection goes with it: it means nothing once the connection is gone.
    .addColumn('connection_id', 'text', (c) => c.references('connections.id').onDelete('cascade'))
    // '' for environment-wide rules, so one unique index covers both kinds (NULLs never collide in a unique index).
    .addColumn('scope_key', 'text', (c) => c.notNull())
    // The validated rule as JSON: {"pre": [...], "post": {...}}.
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tool_modifiers_env_tool_scope').on('tool_modifiers').columns(['environment_id', 'tool_name', 'scope_key']).unique().execute();
  await db.schema.createIndex('tool_modifiers_connection').on('tool_modifiers').column('connection_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('tool_modifiers').execute();
}
