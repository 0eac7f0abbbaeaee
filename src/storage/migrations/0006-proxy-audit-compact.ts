import { PostgresAdapter, sql, type CreateTableBuilder, type Kysely } from 'kysely';

// Frozen in time: never import application types here.

// proxy_audit gets a row per proxied call, so its insert cost is on the proxy's budget: an integer
// identity key (no second unique index and no 30-character key to bind) and no foreign key check
// per row. Existing rows are copied in their original order.

/** The audit table's columns after the key, shared by both directions (the key and the foreign key differ). */
function auditColumns(table: CreateTableBuilder<string, never>, envForeignKey: boolean) {
  return table
    .addColumn('environment_id', 'text', (c) => (envForeignKey ? c.notNull().references('environments.id') : c.notNull()))
    .addColumn('connection_id', 'text')
    .addColumn('connection_name', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('identifier', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull());
}

const COLUMNS = sql.raw('environment_id, connection_id, connection_name, account_id, identifier, method, path, status, latency_ms, error_code, created_at');

/** Drops the old table, puts `replacement` in its place and recreates the index. */
async function swapIn(db: Kysely<any>, replacement: string): Promise<void> {
  await db.schema.dropTable('proxy_audit').execute();
  await db.schema.alterTable(replacement).renameTo('proxy_audit').execute();
  await db.schema.createIndex('proxy_audit_env_created').on('proxy_audit').columns(['environment_id', 'created_at']).execute();
}

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const table = db.schema
    .createTable('proxy_audit_v2')
    .addColumn('id', postgres ? 'bigint' : 'integer', (c) => (postgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey()));
  await auditColumns(table, false).execute();
  await sql`insert into proxy_audit_v2 (${COLUMNS}) select ${COLUMNS} from proxy_audit order by id`.execute(db);
  await swapIn(db, 'proxy_audit_v2');
}

export async function down(db: Kysely<any>): Promise<void> {
  await auditColumns(db.schema.createTable('proxy_audit_v1').addColumn('id', 'text', (c) => c.primaryKey()), true).execute();
  // Zero-padded to 18 digits so the text ids keep the rows' order (the last 18 characters;
  // PostgreSQL's substr takes no negative start).
  await sql`insert into proxy_audit_v1 (id, ${COLUMNS}) select 'pxa_' || substr('000000000000000000' || cast(id as text), length(cast(id as text)) + 1), ${COLUMNS} from proxy_audit`.execute(db);
  await swapIn(db, 'proxy_audit_v1');
}
