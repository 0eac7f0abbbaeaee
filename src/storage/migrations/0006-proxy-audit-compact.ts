import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Frozen in time: never import application types here.

/**
 * proxy_audit gets a row per proxied call, so its insert cost is on the proxy's budget: an integer
 * identity key (no second unique index and no 30-character key to bind) and no foreign key check
 * per row. Existing rows are copied in their original order.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('proxy_audit_v2')
    .addColumn('id', postgres ? 'bigint' : 'integer', (c) => (postgres ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey()))
    .addColumn('environment_id', 'text', (c) => c.notNull())
    .addColumn('connection_id', 'text')
    .addColumn('connection_name', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('identifier', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  const columns = sql.raw('environment_id, connection_id, connection_name, account_id, identifier, method, path, status, latency_ms, error_code, created_at');
  await sql`insert into proxy_audit_v2 (${columns}) select ${columns} from proxy_audit order by id`.execute(db);
  await db.schema.dropTable('proxy_audit').execute();
  await db.schema.alterTable('proxy_audit_v2').renameTo('proxy_audit').execute();
  await db.schema.createIndex('proxy_audit_env_created').on('proxy_audit').columns(['environment_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('proxy_audit_v1')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    .addColumn('connection_id', 'text')
    .addColumn('connection_name', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('identifier', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  const columns = sql.raw('environment_id, connection_id, connection_name, account_id, identifier, method, path, status, latency_ms, error_code, created_at');
  // Zero-padded to 18 digits so the text ids keep the rows' order (the last 18 characters; PostgreSQL's
  // substr takes no negative start).
  await sql`insert into proxy_audit_v1 (id, ${columns}) select 'pxa_' || substr('000000000000000000' || cast(id as text), length(cast(id as text)) + 1), ${columns} from proxy_audit`.execute(db);
  await db.schema.dropTable('proxy_audit').execute();
  await db.schema.alterTable('proxy_audit_v1').renameTo('proxy_audit').execute();
  await db.schema.createIndex('proxy_audit_env_created').on('proxy_audit').columns(['environment_id', 'created_at']).execute();
}
