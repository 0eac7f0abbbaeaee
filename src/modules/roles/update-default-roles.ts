import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { RoleRow } from '../../storage/schema-roles-domains-tokens.js';
import { invalidArgument } from '../errors/domain-error.js';
import { environmentRoleDefaults } from './default-roles.js';
import { findScopedRole, findVisibleRole } from './role-queries.js';
import type { RoleScope } from './role.js';

type Db = Kysely<Tables>;

async function roleFor(db: Db, scope: RoleScope, name: string, field: string): Promise<RoleRow> {
  const row = scope.organizationId ? await findVisibleRole(db, scope, name) : await findScopedRole(db, scope, name);
  if (!row) throw invalidArgument(field, `names no role ${scope.organizationId ? 'of this organization or environment' : 'of this environment'} ('${name}')`);
  return row;
}

/** UpdateDefaultRoles: either or both; each must be an environment role. Returns both defaults. */
export async function updateDefaultRoles(db: Db, envId: string, input: { member?: string; creator?: string; memberField: string; creatorField: string }) {
  const current = await environmentRoleDefaults(db, envId);
  if (!input.member && !input.creator) throw invalidArgument(input.memberField, 'or default_creator_role is required');
  const member = input.member ? await roleFor(db, { envId }, input.member, input.memberField) : undefined;
  const creator = input.creator ? await roleFor(db, { envId }, input.creator, input.creatorField) : undefined;
  await db
    .updateTable('role_defaults')
    .set({
      default_member_role: member?.name ?? current.defaultMemberRole,
      default_creator_role: creator?.name ?? current.defaultCreatorRole,
      updated_at: new Date().toISOString(),
    })
    .where('environment_id', '=', envId)
    .execute();
  const after = await environmentRoleDefaults(db, envId);
  return {
    defaults: after,
    member: member ?? (await findScopedRole(db, { envId }, after.defaultMemberRole)),
    creator: creator ?? (await findScopedRole(db, { envId }, after.defaultCreatorRole)),
  };
}

/** UpdateDefaultOrganizationRoles: the role new members of this organization get (its own role or an environment role). */
export async function updateDefaultOrganizationRole(db: Db, scope: Required<RoleScope>, name: string): Promise<RoleRow> {
  if (!name) throw invalidArgument('default_member_role', 'is required');
  const role = await roleFor(db, scope, name, 'default_member_role');
  const now = new Date().toISOString();
  await db
    .insertInto('organization_role_defaults')
    .values({ organization_id: scope.organizationId, environment_id: scope.envId, default_member_role: role.name, updated_at: now })
    .onConflict((oc) => oc.column('organization_id').doUpdateSet({ default_member_role: role.name, updated_at: now }))
    .execute();
  return role;
}
