import type { Kysely } from 'kysely';

// Frozen in time: never import application types here.
// App sign-in (issue 15): Latchkey as the OpenID Provider of the environment's apps.
export async function up(db: Kysely<any>): Promise<void> {
  // oidc-provider's models for app sign-in, one row each, keyed by the SHA-256 of the model's id
  // (same shape as mcp_oauth_entries; a separate table keeps the two authorization servers apart).
  await db.schema
    .createTable('app_signin_entries')
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('id_hash', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('grant_id', 'text')
    .addColumn('uid', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('consumed_at', 'text')
    .addPrimaryKeyConstraint('app_signin_entries_pk', ['model', 'id_hash'])
    .execute();
  await db.schema.createIndex('app_signin_entries_grant').on('app_signin_entries').column('grant_id').execute();
  await db.schema.createIndex('app_signin_entries_uid').on('app_signin_entries').columns(['model', 'uid']).execute();
  await db.schema.createIndex('app_signin_entries_expires').on('app_signin_entries').column('expires_at').execute();

  // Where an API client may send the browser: after sign-in (`redirect`) and after logout (`post_logout`). Exact match.
  await db.schema
    .createTable('client_redirect_uris')
    .addColumn('client_id', 'text', (c) => c.notNull().references('api_clients.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('uri', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('client_redirect_uris_pk', ['client_id', 'kind', 'uri'])
    .execute();

  // What one sign-in established, for the claims of every token of its grant (code exchange and refreshes).
  await db.schema
    .createTable('app_signin_grants')
    .addColumn('grant_id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('organization_id', 'text')
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('identity', 'text', (c) => c.notNull())
    .addColumn('amr', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('app_signin_grants_session').on('app_signin_grants').column('session_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('app_signin_grants').execute();
  await db.schema.dropTable('client_redirect_uris').execute();
  await db.schema.dropTable('app_signin_entries').execute();
}
