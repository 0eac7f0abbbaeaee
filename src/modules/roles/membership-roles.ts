import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { RoleRow } from '../../storage/schema-roles-domains-tokens.js';
import { DomainError, invalidArgument, notFound } from '../errors/domain-error.js';
import type { Permission } from './permission.js';
import { effectivePermissions } from './role-permissions.js';
import { findVisibleRole, requireVisibleRole, visibleRoles } from './role-queries.js';
import { organizationScope } from './roles.js';
import type { RoleScope } from './role.js';

type Db = Kysely<Tables>;

export interface MembershipRef {
  scope: Required<RoleScope>;
  membershipId: string;
}

/** The membership of `userId` in `organizationId`, both of this environment. */
export async function findMembership(db: Db, envId: string, organizationId: string, userId: string): Promise<MembershipRef> {
  const scope = (await organizationScope(db, envId, organizationId, 'organization_id')) as Required<RoleScope>;
  if (!userId) throw invalidArgument('user_id', 'is required');
  const user = await db.selectFrom('users').select('id').where('environment_id', '=', envId).where('id', '=', userId).executeTakeFirst();
  if (!user) throw notFound('user', userId);
  const m = await db.selectFrom('memberships').select('id').where('organization_id', '=', organizationId).where('user_id', '=', userId).executeTakeFirst();
  if (!m) throw new DomainError('not_found', `user '${userId}' is not a member of organization '${organizationId}'`, { reason: 'MEMBERSHIP_NOT_FOUND' });
  return { scope, membershipId: m.id };
}

/** The roles the membership holds, in the order the organization lists roles. */
export async function membershipRoles(db: Db, ref: MembershipRef): Promise<RoleRow[]> {
  const names = new Set((await db.selectFrom('membership_roles').select('role_name').where('membership_id', '=', ref.membershipId).execute()).map((r) => r.role_name));
  return (await visibleRoles(db, ref.scope)).filter((r) => names.has(r.name));
}

/** AssignUserRoles adds roles (by name or id); the ones held already stay. */
export async function assignRoles(db: Db, ref: MembershipRef, roles: { id?: string; name?: string }[]): Promise<RoleRow[]> {
  if (!roles.length) throw invalidArgument('roles', 'must name at least one role');
  const found: RoleRow[] = [];
  for (const [i, r] of roles.entries()) {
    if (r.name) found.push(await requireVisibleRole(db, ref.scope, r.name));
    else if (r.id) {
      const row = (await visibleRoles(db, ref.scope)).find((v) => v.id === r.id);
      if (!row) throw new DomainError('not_found', `role '${r.id}' was not found in this organization or environment`, { reason: 'ROLE_NOT_FOUND' });
      found.push(row);
    } else throw invalidArgument(`roles[${i}].role_name`, 'or id is required');
  }
  await db
    .insertInto('membership_roles')
    .values([...new Set(found.map((f) => f.name))].map((name) => ({ membership_id: ref.membershipId, role_name: name })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  return membershipRoles(db, ref);
}

export async function removeRole(db: Db, ref: MembershipRef, name: string): Promise<void> {
  if (!name) throw invalidArgument('role_name', 'is required');
  const r = await db.deleteFrom('membership_roles').where('membership_id', '=', ref.membershipId).where('role_name', '=', name).executeTakeFirst();
  if (Number(r.numDeletedRows) === 0) {
    const exists = await findVisibleRole(db, ref.scope, name);
    throw new DomainError('not_found', exists ? `the user does not hold role '${name}' in this organization` : `role '${name}' was not found in this organization or environment`, {
      reason: exists ? 'USER_ROLE_NOT_FOUND' : 'ROLE_NOT_FOUND',
    });
  }
}

/** Every permission the membership's roles grant, inherited ones included, each once. */
export async function membershipPermissions(db: Db, ref: MembershipRef): Promise<Permission[]> {
  const seen = new Map<string, Permission>();
  for (const role of await membershipRoles(db, ref)) for (const p of await effectivePermissions(db, role)) if (!seen.has(p.name)) seen.set(p.name, p);
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
}
