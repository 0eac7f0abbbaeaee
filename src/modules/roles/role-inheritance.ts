import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { RoleRow } from '../../storage/schema-roles-domains-tokens.js';
import { DomainError, invalidArgument } from '../errors/domain-error.js';
import { findVisibleRole } from './role-queries.js';
import { MAX_INHERITANCE_DEPTH, roleChain } from './role-chain.js';
import type { RoleScope } from './role.js';

type Db = Kysely<Tables>;

/**
 * Roles that extend this one: for an environment role, environment roles and any organization's
 * roles; for an organization role, that organization's roles.
 */
export async function dependentRoles(db: Db, role: RoleRow): Promise<RoleRow[]> {
  let q = db.selectFrom('roles').selectAll().where('environment_id', '=', role.environment_id).where('base_role', '=', role.name);
  if (role.organization_id) q = q.where('organization_id', '=', role.organization_id);
  return q.orderBy('id').execute();
}

/**
 * Checks that role `name` (in `scope`) may extend `base`: the base exists where the role can see it
 * (an environment role extends environment roles only) and the chain does not lead back to the role.
 */
export async function checkBase(db: Db, scope: RoleScope, name: string, base: string, field: string): Promise<void> {
  if (base === name) throw invalidArgument(field, `must name another role: '${name}' cannot extend itself`);
  const baseRow = await findVisibleRole(db, scope, base);
  if (!baseRow) {
    throw new DomainError('not_found', `base role '${base}' was not found ${scope.organizationId ? 'in this organization or environment' : 'among the environment roles'}`, {
      reason: 'ROLE_NOT_FOUND',
      violations: [{ field, description: `names no role ('${base}')` }],
    });
  }
  const chain = await roleChain(db, baseRow);
  if (chain.some((r) => r.name === name && (r.organization_id ?? undefined) === scope.organizationId)) {
    throw invalidArgument(field, `would make a cycle: '${base}' already inherits from '${name}'`);
  }
  if (chain.length >= MAX_INHERITANCE_DEPTH) throw invalidArgument(field, `would make inheritance deeper than ${MAX_INHERITANCE_DEPTH} roles`);
}

