import type { Kysely } from 'kysely';

// Frozen in time: never import application types here.
export async function up(db: Kysely<any>): Promise<void> {
  // One row per ExecuteTool call. Never its input or output, nor a credential.
  await db.schema
    .createTable('tool_executions')
    // The execution id the caller got (`exe_…`, time-ordered: paging by id is paging by time).
    .addColumn('id', 'text', (c) => c.primaryKey())
    // No foreign key: rows are written in batches off the request path, and the check would cost per row.
    .addColumn('environment_id', 'text', (c) => c.notNull())
    .addColumn('tool_name', 'text', (c) => c.notNull())
    // Null when the tool was unknown, the connection or the account when they were not found.
    .addColumn('tool_version', 'text')
    .addColumn('connection_id', 'text')
    .addColumn('connection_name', 'text')
    .addColumn('account_id', 'text')
    .addColumn('identifier', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    // `success` or `error`.
    .addColumn('outcome', 'text', (c) => c.notNull())
    // ErrorInfo reason, or for a tool error its tool_error_code (HTTP_403, UPSTREAM_TIMEOUT…).
    .addColumn('error_code', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tool_executions_env_id').on('tool_executions').columns(['environment_id', 'id']).execute();
  await db.schema.createIndex('tool_executions_env_created').on('tool_executions').columns(['environment_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('tool_executions').execute();
}
