import type { Kysely } from 'kysely';

// Frozen in time: never import application types here.
// Hosted login page (issue 15): where one login interaction stands between page loads — the email
// typed, the passwordless request sent for it, and the user proven but still to pick an organization.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('hosted_login_states')
    .addColumn('interaction_uid', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('auth_request_id', 'text')
    .addColumn('user_id', 'text')
    .addColumn('organization_choices', 'text')
    .addColumn('amr', 'text')
    .addColumn('identity', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hosted_login_states_created').on('hosted_login_states').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('hosted_login_states').execute();
}
