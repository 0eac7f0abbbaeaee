import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { RoleRow } from '../../storage/schema-roles-domains-tokens.js';
import { newId } from '../../storage/ids.js';
import { DomainError, invalidArgument } from '../errors/domain-error.js';
import { getOrganization } from '../organizations/organizations.js';
import { checkRoleInput, type CreateRoleInput, type UpdateRoleInput } from './role-input.js';
import { requireScopedRole, requireVisibleRole, visibleRoles } from './role-queries.js';
import { checkBase } from './role-inheritance.js';
import { attachPermissions, permissionIdsOf, replacePermissions } from './role-permissions.js';
import type { RoleScope } from './role.js';

type Db = Kysely<Tables>;

/** The scope of an organization's roles, once the organization is known to be this environment's. */
export async function organizationScope(db: Db, envId: string, organizationId: string, field = 'org_id'): Promise<RoleScope> {
  if (!organizationId) throw invalidArgument(field, 'is required');
  await getOrganization(db, envId, { id: organizationId });
  return { envId, organizationId };
}

/**
 * Role names are unique across an environment's roles and each organization's own, so a name
 * a member holds means one role.
 */
async function assertNameFree(db: Db, scope: RoleScope, name: string): Promise<void> {
  let q = db.selectFrom('roles').select(['organization_id']).where('environment_id', '=', scope.envId).where('name', '=', name);
  if (scope.organizationId) q = q.where((eb) => eb.or([eb('organization_id', 'is', null), eb('organization_id', '=', scope.organizationId!)]));
  const clash = await q.executeTakeFirst();
  if (!clash) return;
  const where = clash.organization_id === null ? 'as an environment role' : clash.organization_id === scope.organizationId ? 'in this organization' : `in organization '${clash.organization_id}'`;
  throw new DomainError('already_exists', `a role named '${name}' already exists ${where}`, { reason: 'ROLE_EXISTS' });
}

export async function createRole(db: Db, scope: RoleScope, input: CreateRoleInput): Promise<RoleRow> {
  checkRoleInput(input, true);
  await assertNameFree(db, scope, input.name);
  if (input.extends) await checkBase(db, scope, input.name, input.extends, 'role.extends');
  const permissionIds = await permissionIdsOf(db, scope.envId, input.permissions, 'role.permissions');
  const now = new Date().toISOString();
  const row: RoleRow = {
    id: newId('role'),
    environment_id: scope.envId,
    organization_id: scope.organizationId ?? null,
    name: input.name,
    display_name: input.displayName.trim(),
    description: input.description ?? '',
    base_role: input.extends || null,
    created_at: now,
    updated_at: now,
  };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('roles').values(row).execute();
    await attachPermissions(trx, row.id, permissionIds);
  });
  return row;
}

export async function updateRole(db: Db, scope: RoleScope, name: string, input: UpdateRoleInput): Promise<RoleRow> {
  const current = await requireScopedRole(db, scope, name);
  checkRoleInput(input, false);
  if (input.extends) await checkBase(db, scope, name, input.extends, 'role.extends');
  const permissionIds = input.permissions.length ? await permissionIdsOf(db, scope.envId, input.permissions, 'role.permissions') : undefined;
  const set: Partial<RoleRow> = { updated_at: new Date().toISOString() };
  if (input.displayName !== undefined) set.display_name = input.displayName.trim();
  if (input.description !== undefined) set.description = input.description;
  if (input.extends !== undefined) set.base_role = input.extends || null;
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('roles').set(set).where('id', '=', current.id).execute();
    if (permissionIds) await replacePermissions(trx, current.id, permissionIds);
  });
  return requireScopedRole(db, scope, name);
}

export async function getRole(db: Db, scope: RoleScope, name: string): Promise<RoleRow> {
  if (!name) throw invalidArgument('role_name', 'is required');
  return requireScopedRole(db, scope, name);
}

/** A role an organization's member can hold: its own or an environment role (GetOrganizationRole). */
export async function getVisibleRole(db: Db, scope: RoleScope, name: string): Promise<RoleRow> {
  if (!name) throw invalidArgument('role_name', 'is required');
  return requireVisibleRole(db, scope, name);
}

/** An organization's list holds the environment roles too: its members can hold either. */
export const listRoles = (db: Db, scope: RoleScope): Promise<RoleRow[]> => visibleRoles(db, scope);

/** DeleteRoleBase: the role stops inheriting (idempotent); its own permissions stay. */
export async function deleteRoleBase(db: Db, scope: RoleScope, name: string): Promise<void> {
  const current = await getRole(db, scope, name);
  await db.updateTable('roles').set({ base_role: null, updated_at: new Date().toISOString() }).where('id', '=', current.id).execute();
}

