import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { newId } from '../../storage/ids.js';

type Db = Kysely<Tables>;

/** The roles every environment starts with; `member` is what a new membership gets unless told otherwise. */
export const SEED_ROLES = [
  { name: 'admin', displayName: 'Admin', description: 'Manages the organization and its members' },
  { name: 'member', displayName: 'Member', description: 'A member of the organization' },
] as const;

export interface EnvironmentRoleDefaults {
  defaultMemberRole: string;
  defaultCreatorRole: string;
}

/** Writes the seed roles and defaults of an environment; a no-op for rows that exist (safe to race). */
export async function seedDefaultRoles(db: Db, envId: string): Promise<void> {
  const now = new Date().toISOString();
  await db
    .insertInto('roles')
    .values(
      SEED_ROLES.map((r) => ({
        id: newId('role'),
        environment_id: envId,
        organization_id: null,
        name: r.name,
        display_name: r.displayName,
        description: r.description,
        base_role: null,
        created_at: now,
        updated_at: now,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
  await db
    .insertInto('role_defaults')
    .values({ environment_id: envId, default_member_role: 'member', default_creator_role: 'admin', updated_at: now })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/**
 * The environment's default roles. Environments get theirs when created (and migration 0013 for
 * older ones); one made some other way is seeded here, on first use.
 */
export async function environmentRoleDefaults(db: Db, envId: string): Promise<EnvironmentRoleDefaults> {
  let row = await db.selectFrom('role_defaults').selectAll().where('environment_id', '=', envId).executeTakeFirst();
  if (!row) {
    await seedDefaultRoles(db, envId);
    row = await db.selectFrom('role_defaults').selectAll().where('environment_id', '=', envId).executeTakeFirstOrThrow();
  }
  return { defaultMemberRole: row.default_member_role, defaultCreatorRole: row.default_creator_role };
}

/** The role a new member of the organization gets: the organization's own default, else the environment's. */
export async function defaultMemberRoleOf(db: Db, envId: string, organizationId: string): Promise<string> {
  const own = await db
    .selectFrom('organization_role_defaults')
    .select('default_member_role')
    .where('organization_id', '=', organizationId)
    .where('environment_id', '=', envId)
    .executeTakeFirst();
  return own?.default_member_role ?? (await environmentRoleDefaults(db, envId)).defaultMemberRole;
}
