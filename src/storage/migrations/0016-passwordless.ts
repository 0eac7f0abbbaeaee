import type { Kysely } from 'kysely';

// Frozen in time: never import application types here.
// Passwordless email sign-in (issue 15): requests with their one-time code and link token stored
// hashed, a log of sends for the rate limits, and each environment's passwordless type.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('passwordless_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('passwordless_type', 'text', (c) => c.notNull())
    .addColumn('state', 'text')
    .addColumn('magiclink_auth_uri', 'text')
    .addColumn('template_variables', 'text', (c) => c.notNull())
    .addColumn('otp_hash', 'text')
    .addColumn('link_token_hash', 'text', (c) => c.unique())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('resends', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('expires_in', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('verified_at', 'text')
    .addColumn('claimed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('passwordless_requests_expires').on('passwordless_requests').column('expires_at').execute();

  await db.schema
    .createTable('passwordless_sends')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('passwordless_sends_email').on('passwordless_sends').columns(['environment_id', 'email', 'created_at']).execute();
  await db.schema.createIndex('passwordless_sends_source').on('passwordless_sends').columns(['source', 'created_at']).execute();
  await db.schema.createIndex('passwordless_sends_created').on('passwordless_sends').column('created_at').execute();

  await db.schema
    .createTable('passwordless_settings')
    .addColumn('environment_id', 'text', (c) => c.primaryKey().references('environments.id'))
    .addColumn('passwordless_type', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('passwordless_settings').execute();
  await db.schema.dropTable('passwordless_sends').execute();
  await db.schema.dropTable('passwordless_requests').execute();
}
