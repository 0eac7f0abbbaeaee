import type { Kysely } from 'kysely';

// Frozen in time: never import application types here.
// End-user sessions of app sign-in (issue 15): one row per sign-in with its idle and absolute
// deadlines; a session goes with its user (ON DELETE CASCADE), on both dialects.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('user_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('organization_id', 'text', (c) => c.references('organizations.id').onDelete('cascade'))
    .addColumn('client_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('idle_timeout_seconds', 'integer')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('last_active_at', 'text', (c) => c.notNull())
    .addColumn('idle_expires_at', 'text', (c) => c.notNull())
    .addColumn('absolute_expires_at', 'text', (c) => c.notNull())
    .addColumn('expired_at', 'text')
    .addColumn('logout_at', 'text')
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  // A user's sessions page by id (GetUserSessions, RevokeAllUserSessions), optionally by status.
  await db.schema.createIndex('user_sessions_user').on('user_sessions').columns(['environment_id', 'user_id', 'id']).execute();
  await db.schema.createIndex('user_sessions_user_status').on('user_sessions').columns(['user_id', 'status']).execute();
  await db.schema.createIndex('user_sessions_organization').on('user_sessions').column('organization_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('user_sessions').execute();
}
