import type { Kysely } from 'kysely';

// Frozen in time: never import application types here.
// Administrator sign-in for the `dashboard_users` user-verification mode: a one-time login link
// (from `latchkey admin login-link`) is exchanged for a browser session cookie. Both secrets are
// stored hashed (SHA-256, base64url); the session belongs to one environment.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('admin_login_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('admin_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    .addColumn('login_link_id', 'text', (c) => c.notNull().references('admin_login_links.id'))
    .addColumn('session_hash', 'text', (c) => c.notNull().unique())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['admin_sessions', 'admin_login_links']) await db.schema.dropTable(t).execute();
}
