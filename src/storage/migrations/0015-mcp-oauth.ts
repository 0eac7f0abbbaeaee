import type { Kysely } from 'kysely';

// Frozen in time: never import application types here.
export async function up(db: Kysely<any>): Promise<void> {
  // oidc-provider's models (grants, codes, tokens, sessions, interactions, registered clients), one row each.
  // Keyed by the SHA-256 of the model's id: a database read never yields a usable code or token.
  await db.schema
    .createTable('mcp_oauth_entries')
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('id_hash', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('grant_id', 'text')
    .addColumn('uid', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('consumed_at', 'text')
    .addPrimaryKeyConstraint('mcp_oauth_entries_pk', ['model', 'id_hash'])
    .execute();
  await db.schema.createIndex('mcp_oauth_entries_grant').on('mcp_oauth_entries').column('grant_id').execute();
  await db.schema.createIndex('mcp_oauth_entries_uid').on('mcp_oauth_entries').columns(['model', 'uid']).execute();
  await db.schema.createIndex('mcp_oauth_entries_expires').on('mcp_oauth_entries').column('expires_at').execute();

  // A sign-in waiting for the app (user verification mode `custom`) to name the person with VerifyConnectedAccountUser.
  await db.schema
    .createTable('mcp_oauth_verifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    .addColumn('interaction_uid', 'text', (c) => c.notNull())
    .addColumn('verification_hash', 'text', (c) => c.notNull())
    // PENDING → VERIFIED (identifier set) → USED; or EXPIRED.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('identifier', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mcp_oauth_verifications_hash').on('mcp_oauth_verifications').column('verification_hash').unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('mcp_oauth_verifications').execute();
  await db.schema.dropTable('mcp_oauth_entries').execute();
}
