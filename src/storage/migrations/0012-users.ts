import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application types here.
// The user directory (issue 14): users (one per email per environment), their memberships of
// organizations with role names, invitations (single-use links stored hashed), the email outbox
// and per-environment templates, organization policies and admin-portal links.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    // Lower-cased: one user per address, however it was typed.
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('given_name', 'text', (c) => c.notNull())
    .addColumn('family_name', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // The rest of the profile (locale, phone_number, picture, groups, custom_attributes …) as JSON.
    .addColumn('profile', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('last_login_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_env_email').on('users').columns(['environment_id', 'email']).unique().execute();
  // NULLs never collide in a unique index (both dialects): users without an external id are fine.
  await db.schema.createIndex('users_env_external_id').on('users').columns(['environment_id', 'external_id']).unique().execute();

  await db.schema
    .createTable('memberships')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // ACTIVE, INACTIVE, PENDING_INVITE, INVITE_EXPIRED (scalekit.v1.commons.MembershipStatus).
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('inviter_email', 'text')
    .addColumn('accepted_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('memberships_org_user').on('memberships').columns(['organization_id', 'user_id']).unique().execute();
  await db.schema.createIndex('memberships_user').on('memberships').column('user_id').execute();

  await db.schema
    .createTable('membership_roles')
    .addColumn('membership_id', 'text', (c) => c.notNull().references('memberships.id').onDelete('cascade'))
    .addColumn('role_name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('membership_roles_pk', ['membership_id', 'role_name'])
    .execute();

  // One live invitation per membership: a resend replaces the token (the old link stops working).
  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    .addColumn('membership_id', 'text', (c) => c.notNull().unique().references('memberships.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('resent_at', 'text')
    .addColumn('resent_count', 'integer', (c) => c.notNull())
    .addColumn('accepted_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // Emails sent, or held here when no SMTP server is configured; the body is vault-encrypted (it carries links).
  await db.schema
    .createTable('email_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    // outbox (not sent: no SMTP), sent, failed.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('body_ciphertext', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('email_outbox_env_id').on('email_outbox').columns(['environment_id', 'id']).execute();

  await db.schema
    .createTable('email_templates')
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('email_templates_pk', ['environment_id', 'name'])
    .execute();

  await db.schema
    .createTable('organization_policies')
    .addColumn('organization_id', 'text', (c) => c.primaryKey().references('organizations.id').onDelete('cascade'))
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    // JSON OrganizationSessionPolicySettings as last written; null = APPLICATION (the default).
    .addColumn('session_policy', 'text')
    .addColumn('max_allowed_users', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('portal_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    // GetPortalLinks shows the location again: the token sealed by the vault (the hash is for lookups).
    .addColumn('token_ciphertext', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('portal_links_org').on('portal_links').column('organization_id').execute();

  // Slugs become unique per environment: a duplicate written before keeps only its oldest holder.
  await sql`update organizations set slug = null where slug is not null and id not in
    (select min(id) from organizations where slug is not null group by environment_id, slug)`.execute(db);
  await db.schema.createIndex('organizations_env_slug').on('organizations').columns(['environment_id', 'slug']).unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('organizations_env_slug').execute();
  for (const t of ['portal_links', 'organization_policies', 'email_templates', 'email_outbox', 'invitations', 'membership_roles', 'memberships', 'users']) {
    await db.schema.dropTable(t).execute();
  }
}
