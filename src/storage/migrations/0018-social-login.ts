import type { Kysely } from 'kysely';

// Frozen in time: never import application types here.
// Social login (issue 15): per-environment social providers (client secret sealed in the vault),
// the social identities linked to users (one per provider and subject), and the single-use
// state of each social sign-in in flight. Identities go with their user (ON DELETE CASCADE).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('social_providers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    // `google`, `github`, `microsoft`, or the administrator's key for a generic OIDC provider.
    .addColumn('provider_key', 'text', (c) => c.notNull())
    // GOOGLE | GITHUB | MICROSOFT | OIDC
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('client_secret_ciphertext', 'text', (c) => c.notNull())
    .addColumn('client_secret_hint', 'text', (c) => c.notNull())
    // JSON array of scope strings.
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    // OIDC kinds: the issuer whose discovery document names the endpoints.
    .addColumn('issuer', 'text')
    // JSON object of endpoint overrides (authorization, token, userinfo, jwks, api base).
    .addColumn('endpoints', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('social_providers_env_key').on('social_providers').columns(['environment_id', 'provider_key']).unique().execute();

  await db.schema
    .createTable('social_identities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('provider_key', 'text', (c) => c.notNull())
    // The provider's stable id of the person (`sub`, GitHub's numeric id).
    .addColumn('subject', 'text', (c) => c.notNull())
    // What the provider last said; informative only (a returning identity is found by subject).
    .addColumn('email', 'text')
    .addColumn('email_verified', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_login_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('social_identities_subject').on('social_identities').columns(['environment_id', 'provider_key', 'subject']).unique().execute();
  await db.schema.createIndex('social_identities_user').on('social_identities').column('user_id').execute();

  await db.schema
    .createTable('social_login_states')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    .addColumn('interaction_uid', 'text', (c) => c.notNull())
    .addColumn('provider_key', 'text', (c) => c.notNull())
    // SHA-256 of the `state` sent upstream and of the browser cookie it is bound to; neither is stored.
    .addColumn('state_hash', 'text', (c) => c.notNull().unique())
    .addColumn('browser_hash', 'text', (c) => c.notNull())
    // Vault ciphertext of {code_verifier, nonce}, bound to this row.
    .addColumn('secrets_ciphertext', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('social_login_states_expires').on('social_login_states').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['social_login_states', 'social_identities', 'social_providers']) await db.schema.dropTable(t).execute();
}
