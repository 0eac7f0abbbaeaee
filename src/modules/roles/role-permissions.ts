import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { RoleRow } from '../../storage/schema-roles-domains-tokens.js';
import { DomainError, invalidFields } from '../errors/domain-error.js';
import { permissionFromRow, permissionNotFound, type Permission, type RolePermission } from './permission.js';
import { permissionNameProblem } from './role-names.js';
import { roleChain } from './role-chain.js';

type Db = Kysely<Tables>;

/** The permissions attached to this role itself, by name. */
export async function directPermissions(db: Db, roleId: string): Promise<Permission[]> {
  const rows = await db
    .selectFrom('role_permissions')
    .innerJoin('permissions', 'permissions.id', 'role_permissions.permission_id')
    .selectAll('permissions')
    .where('role_permissions.role_id', '=', roleId)
    .orderBy('permissions.name')
    .execute();
  return rows.map(permissionFromRow);
}

/** Its own permissions and every base's, each once, labelled with the nearest role that grants it. */
export async function effectivePermissions(db: Db, role: RoleRow): Promise<RolePermission[]> {
  const seen = new Map<string, RolePermission>();
  for (const r of await roleChain(db, role)) {
    for (const p of await directPermissions(db, r.id)) if (!seen.has(p.name)) seen.set(p.name, { ...p, roleName: r.name });
  }
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Permission ids for names, refusing an unknown or malformed one by its position in `field`. */
export async function permissionIdsOf(db: Db, envId: string, names: string[], field: string): Promise<string[]> {
  const problems = names.map((n, i) => permissionNameProblem(`${field}[${i}]`, n)).filter((p) => p !== undefined);
  if (problems.length) throw invalidFields(problems);
  const unique = [...new Set(names)];
  if (!unique.length) return [];
  const rows = await db.selectFrom('permissions').select(['id', 'name']).where('environment_id', '=', envId).where('name', 'in', unique).execute();
  const missing = unique.filter((n) => !rows.some((r) => r.name === n));
  if (missing.length) {
    if (missing.length === 1) throw permissionNotFound(missing[0]);
    throw new DomainError('not_found', `permissions ${missing.map((m) => `'${m}'`).join(', ')} were not found in this environment`, { reason: 'PERMISSION_NOT_FOUND' });
  }
  return rows.map((r) => r.id);
}

export async function attachPermissions(db: Db, roleId: string, permissionIds: string[]): Promise<void> {
  if (!permissionIds.length) return;
  const now = new Date().toISOString();
  await db
    .insertInto('role_permissions')
    .values(permissionIds.map((id) => ({ role_id: roleId, permission_id: id, created_at: now })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Replaces the role's own permissions with exactly these. */
export async function replacePermissions(db: Db, roleId: string, permissionIds: string[]): Promise<void> {
  await db.deleteFrom('role_permissions').where('role_id', '=', roleId).execute();
  await attachPermissions(db, roleId, permissionIds);
}

export async function detachPermission(db: Db, role: RoleRow, permissionName: string): Promise<void> {
  const perm = await db.selectFrom('permissions').select('id').where('environment_id', '=', role.environment_id).where('name', '=', permissionName).executeTakeFirst();
  if (!perm) throw permissionNotFound(permissionName);
  const r = await db.deleteFrom('role_permissions').where('role_id', '=', role.id).where('permission_id', '=', perm.id).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) {
    throw new DomainError('not_found', `role '${role.name}' does not have permission '${permissionName}' itself (see ListEffectiveRolePermissions for inherited ones)`, {
      reason: 'ROLE_PERMISSION_NOT_FOUND',
    });
  }
}
