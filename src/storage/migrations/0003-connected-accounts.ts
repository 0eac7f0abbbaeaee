import type { Kysely } from 'kysely';

// Frozen in time: never import application types here.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('connected_accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    .addColumn('connection_id', 'text', (c) => c.notNull().references('connections.id'))
    .addColumn('identifier', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text')
    .addColumn('user_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('auth_type', 'text', (c) => c.notNull())
    // Encrypted JSON: OAuth tokens or static credential fields. Bound to the row by AAD.
    .addColumn('credentials_ciphertext', 'text')
    // Bumped on every credential write: refreshers compare it to skip work another replica did.
    .addColumn('credentials_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('token_expires_at', 'text')
    .addColumn('scopes', 'text', (c) => c.notNull().defaultTo('[]'))
    // Non-secret per-account values (proxy_url templates such as {{domain}}) and the SDK's api_config.
    .addColumn('account_fields', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('api_config', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('authorized_user_id', 'text')
    .addColumn('authorized_user_email', 'text')
    .addColumn('last_used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('connected_accounts_env_conn_identifier')
    .on('connected_accounts')
    .columns(['environment_id', 'connection_id', 'identifier'])
    .unique()
    .execute();
  await db.schema.createIndex('connected_accounts_env_id').on('connected_accounts').columns(['environment_id', 'id']).execute();

  // One row per authorization link; the link token is stored hashed and completes at most once.
  await db.schema
    .createTable('authorization_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('connected_accounts.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('app_state', 'text')
    .addColumn('user_verify_url', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // An OAuth round trip or a pending verification; `state` and `auth_request_id` are stored hashed.
  await db.schema
    .createTable('authorization_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    .addColumn('link_id', 'text', (c) => c.notNull().references('authorization_links.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('connected_accounts.id'))
    .addColumn('state_hash', 'text', (c) => c.unique())
    .addColumn('verification_hash', 'text', (c) => c.unique())
    // Encrypted JSON: PKCE verifier, then the tokens obtained, held here until verification.
    .addColumn('secrets_ciphertext', 'text')
    .addColumn('account_fields', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('environment_settings')
    .addColumn('environment_id', 'text', (c) => c.primaryKey().references('environments.id'))
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['environment_settings', 'authorization_requests', 'authorization_links', 'connected_accounts']) await db.schema.dropTable(t).execute();
}
