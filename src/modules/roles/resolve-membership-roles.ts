import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { invalidFields } from '../errors/domain-error.js';
import { defaultMemberRoleOf } from './default-roles.js';
import { findVisibleRole } from './role-queries.js';

/**
 * The role names a new or changed membership of `organizationId` holds: `roleNames` checked against
 * the environment's and the organization's roles (deduplicated), or the default member role when
 * none are given. `field` names the request field in errors (`membership.roles`).
 */
export async function resolveMembershipRoles(
  db: Kysely<Tables>,
  envId: string,
  organizationId: string,
  roleNames?: string[],
  field = 'roles',
): Promise<string[]> {
  const names = (roleNames ?? []).map((n) => n.trim());
  if (!names.length) return [await defaultMemberRoleOf(db, envId, organizationId)];
  const problems = [];
  for (const [i, name] of names.entries()) {
    if (!name) problems.push({ field: `${field}[${i}]`, description: 'must name a role' });
    else if (!(await findVisibleRole(db, { envId, organizationId }, name))) {
      problems.push({ field: `${field}[${i}]`, description: `names no role of this environment or organization ('${name.slice(0, 64)}')` });
    }
  }
  if (problems.length) throw invalidFields(problems);
  return [...new Set(names)];
}
