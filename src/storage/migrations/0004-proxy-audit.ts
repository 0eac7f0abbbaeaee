import type { Kysely } from 'kysely';

// Frozen in time: never import application types here.
export async function up(db: Kysely<any>): Promise<void> {
  // One row per Tool Proxy call. Never bodies, credentials or query values (only parameter names).
  await db.schema
    .createTable('proxy_audit')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    // Null when the call failed before the connection or account was found.
    .addColumn('connection_id', 'text')
    .addColumn('connection_name', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('identifier', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    // The status the caller got: the upstream's, or the proxy's own error status; 499 if the caller went away first.
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    // ErrorInfo reason when the proxy answered itself (PROXY_DESTINATION_REFUSED, UPSTREAM_TIMEOUT…).
    .addColumn('error_code', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // One secondary index: every proxied call writes a row, so each index costs on the hot path.
  await db.schema.createIndex('proxy_audit_env_created').on('proxy_audit').columns(['environment_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('proxy_audit').execute();
}
