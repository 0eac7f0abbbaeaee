import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { RoleRow } from '../../storage/schema-roles-domains-tokens.js';
import { DomainError } from '../errors/domain-error.js';
import { roleLabel, type RoleScope } from './role.js';

type Db = Kysely<Tables>;

/** The role called `name` in exactly this scope (an environment role, or one of the organization's own). */
export async function findScopedRole(db: Db, scope: RoleScope, name: string): Promise<RoleRow | undefined> {
  let q = db.selectFrom('roles').selectAll().where('environment_id', '=', scope.envId).where('name', '=', name);
  q = scope.organizationId ? q.where('organization_id', '=', scope.organizationId) : q.where('organization_id', 'is', null);
  return q.executeTakeFirst();
}

/**
 * The role an organization's member can hold under `name`: the organization's own, else the
 * environment's. Names never clash between the two (roles.ts refuses it), so the order is moot.
 */
export async function findVisibleRole(db: Db, scope: RoleScope, name: string): Promise<RoleRow | undefined> {
  if (scope.organizationId) {
    const own = await findScopedRole(db, scope, name);
    if (own) return own;
  }
  return findScopedRole(db, { envId: scope.envId }, name);
}

export const roleNotFound = (scope: RoleScope, name: string): DomainError =>
  new DomainError('not_found', `${roleLabel(scope, name)} was not found in this environment`, { reason: 'ROLE_NOT_FOUND' });

export async function requireScopedRole(db: Db, scope: RoleScope, name: string): Promise<RoleRow> {
  const row = await findScopedRole(db, scope, name);
  if (!row) throw roleNotFound(scope, name);
  return row;
}

export async function requireVisibleRole(db: Db, scope: RoleScope, name: string): Promise<RoleRow> {
  const row = await findVisibleRole(db, scope, name);
  if (!row) throw roleNotFound(scope, name);
  return row;
}

/** Environment roles, then (for an organization) its own roles, each oldest first. */
export async function visibleRoles(db: Db, scope: RoleScope): Promise<RoleRow[]> {
  const rows = await db
    .selectFrom('roles')
    .selectAll()
    .where('environment_id', '=', scope.envId)
    .where((eb) => (scope.organizationId ? eb.or([eb('organization_id', 'is', null), eb('organization_id', '=', scope.organizationId)]) : eb('organization_id', 'is', null)))
    // Creation order; the seed roles share a timestamp, so name breaks ties.
    .orderBy('created_at')
    .orderBy('name')
    .execute();
  // Sorted here: the dialects disagree on where NULLs sort.
  return [...rows.filter((r) => !r.organization_id), ...rows.filter((r) => r.organization_id)];
}
