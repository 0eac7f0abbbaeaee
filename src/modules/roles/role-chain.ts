import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { RoleRow } from '../../storage/schema-roles-domains-tokens.js';
import { findVisibleRole } from './role-queries.js';

/** Inheritance never goes deeper than this (writes refuse it), so a walk always ends. */
export const MAX_INHERITANCE_DEPTH = 16;

/** Where a role's base is looked up: an organization role may extend an environment role, never the reverse. */
export const scopeOfRow = (r: RoleRow) => ({ envId: r.environment_id, organizationId: r.organization_id ?? undefined });

/** The role, its base, the base's base … (stops at a missing base or a repeat). */
export async function roleChain(db: Kysely<Tables>, role: RoleRow): Promise<RoleRow[]> {
  const chain = [role];
  let current = role;
  while (current.base_role && chain.length <= MAX_INHERITANCE_DEPTH) {
    const base = await findVisibleRole(db, scopeOfRow(current), current.base_role);
    if (!base || chain.some((r) => r.id === base.id)) break;
    chain.push(base);
    current = base;
  }
  return chain;
}
