import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { DomainError, invalidArgument } from '../errors/domain-error.js';
import { environmentRoleDefaults } from './default-roles.js';
import { dependentRoles } from './role-inheritance.js';
import { findVisibleRole } from './role-queries.js';
import { reassignRole, roleUsersCount } from './role-users.js';
import { getRole } from './roles.js';
import type { RoleScope } from './role.js';

type Db = Kysely<Tables>;

const precondition = (message: string, reason: string) => new DomainError('failed_precondition', message, { reason });

/** Refuses to delete a role something still needs by name: a default, or a role built on it. */
async function assertUnreferenced(db: Db, scope: RoleScope, name: string): Promise<void> {
  const env = await environmentRoleDefaults(db, scope.envId);
  if (!scope.organizationId && (env.defaultMemberRole === name || env.defaultCreatorRole === name)) {
    throw precondition(`role '${name}' is a default role of this environment; make another role the default first (UpdateDefaultRoles)`, 'ROLE_IS_DEFAULT');
  }
  let q = db.selectFrom('organization_role_defaults').select('organization_id').where('environment_id', '=', scope.envId).where('default_member_role', '=', name);
  if (scope.organizationId) q = q.where('organization_id', '=', scope.organizationId);
  const orgDefault = await q.executeTakeFirst();
  if (orgDefault) {
    throw precondition(`role '${name}' is the default member role of organization '${orgDefault.organization_id}'; change it first (UpdateDefaultOrganizationRoles)`, 'ROLE_IS_DEFAULT');
  }
}

/**
 * DeleteRole / DeleteOrganizationRole. A role others extend stays until their base is removed
 * (DeleteRoleBase); a role users hold needs `reassign_role_name`, which they get instead.
 */
export async function deleteRole(db: Db, scope: RoleScope, name: string, reassignTo?: string): Promise<void> {
  const role = await getRole(db, scope, name);
  await assertUnreferenced(db, scope, name);
  const dependents = await dependentRoles(db, role);
  if (dependents.length) {
    throw precondition(
      `role '${name}' is the base of ${dependents.map((d) => `'${d.name}'`).join(', ')}; remove their base first (DeleteRoleBase) or give them another`,
      'ROLE_HAS_DEPENDENTS',
    );
  }
  const holders = await roleUsersCount(db, scope, name);
  if (reassignTo) {
    if (reassignTo === name) throw invalidArgument('reassign_role_name', 'must name another role than the one deleted');
    // An environment role's holders are in every organization, so they can only move to an environment role.
    const target = await findVisibleRole(db, scope, reassignTo);
    if (!target) throw invalidArgument('reassign_role_name', `names no role ${scope.organizationId ? 'of this organization or environment' : 'of this environment'} ('${reassignTo}')`);
  } else if (holders > 0) {
    throw precondition(`role '${name}' is held by ${holders} user(s); pass reassign_role_name to give them another role`, 'ROLE_IN_USE');
  }
  await db.transaction().execute(async (trx) => {
    if (reassignTo) await reassignRole(trx, scope, name, reassignTo);
    await trx.deleteFrom('roles').where('id', '=', role.id).execute();
  });
}
