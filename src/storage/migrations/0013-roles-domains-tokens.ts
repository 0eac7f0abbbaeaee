import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';

// Frozen in time: never import application types here.
// Roles and permissions (environment roles, organization roles, inheritance through `base_role`),
// default roles, organization domains with DNS TXT verification, and API tokens stored hashed.
// Rows that belong to an organization go with it (ON DELETE CASCADE), on both dialects.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('roles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    // NULL: an environment role, offered to every organization.
    .addColumn('organization_id', 'text', (c) => c.references('organizations.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    // The name of the role whose permissions this one inherits (`extends` on the wire).
    .addColumn('base_role', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // NULLs never collide in a unique index, so environment roles get their own partial index.
  await db.schema.createIndex('roles_env_name').on('roles').columns(['environment_id', 'name']).where(sql.ref('organization_id'), 'is', null).unique().execute();
  await db.schema.createIndex('roles_org_name').on('roles').columns(['organization_id', 'name']).where(sql.ref('organization_id'), 'is not', null).unique().execute();

  await db.schema
    .createTable('permissions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('permissions_env_name').on('permissions').columns(['environment_id', 'name']).unique().execute();

  await db.schema
    .createTable('role_permissions')
    .addColumn('role_id', 'text', (c) => c.notNull().references('roles.id').onDelete('cascade'))
    .addColumn('permission_id', 'text', (c) => c.notNull().references('permissions.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('role_permissions_pk', ['role_id', 'permission_id'])
    .execute();
  await db.schema.createIndex('role_permissions_permission').on('role_permissions').column('permission_id').execute();

  await db.schema
    .createTable('role_defaults')
    .addColumn('environment_id', 'text', (c) => c.primaryKey().references('environments.id'))
    .addColumn('default_member_role', 'text', (c) => c.notNull())
    .addColumn('default_creator_role', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // An organization's own default member role, when it differs from the environment's.
  await db.schema
    .createTable('organization_role_defaults')
    .addColumn('organization_id', 'text', (c) => c.primaryKey().references('organizations.id').onDelete('cascade'))
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    .addColumn('default_member_role', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('domains')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    // Lower-case ASCII (IDNs as punycode).
    .addColumn('domain', 'text', (c) => c.notNull())
    // ALLOWED_EMAIL_DOMAIN | ORGANIZATION_DOMAIN
    .addColumn('domain_type', 'text', (c) => c.notNull())
    .addColumn('txt_record_key', 'text', (c) => c.notNull())
    .addColumn('txt_record_secret', 'text', (c) => c.notNull())
    // PENDING | VERIFIED | FAILED
    .addColumn('verification_status', 'text', (c) => c.notNull())
    // DNS | ADMIN
    .addColumn('verification_method', 'text', (c) => c.notNull())
    .addColumn('verified_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('domains_org_domain_type').on('domains').columns(['organization_id', 'domain', 'domain_type']).unique().execute();
  await db.schema.createIndex('domains_env_domain').on('domains').columns(['environment_id', 'domain']).execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('environment_id', 'text', (c) => c.notNull().references('environments.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    // SHA-256 of the opaque token (256 random bits: a slow hash adds nothing); the token itself is never stored.
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('token_suffix', 'text', (c) => c.notNull())
    .addColumn('custom_claims', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('expires_at', 'text')
    // Soft delete: an invalidated token stays for audit and never validates again.
    .addColumn('invalidated_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('api_tokens_org_id').on('api_tokens').columns(['organization_id', 'id']).execute();

  // Environments that exist already get the roles a fresh one starts with.
  const envs = await db.selectFrom('environments').select('id').execute();
  for (const env of envs) await seedRoles(db, env.id as string);
}

/** A copy of the seed in modules/roles/default-roles.ts, frozen here as migrations must be. */
async function seedRoles(db: Kysely<any>, envId: string): Promise<void> {
  const now = new Date().toISOString();
  const role = (name: string, displayName: string, description: string) => ({
    id: `role_${randomBytes(12).toString('hex')}`,
    environment_id: envId,
    organization_id: null,
    name,
    display_name: displayName,
    description,
    base_role: null,
    created_at: now,
    updated_at: now,
  });
  await db
    .insertInto('roles')
    .values([role('admin', 'Admin', 'Manages the organization and its members'), role('member', 'Member', 'A member of the organization')])
    .execute();
  await db.insertInto('role_defaults').values({ environment_id: envId, default_member_role: 'member', default_creator_role: 'admin', updated_at: now }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['api_tokens', 'domains', 'organization_role_defaults', 'role_defaults', 'role_permissions', 'permissions', 'roles']) {
    await db.schema.dropTable(t).execute();
  }
}
