import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { DomainError } from '../errors/domain-error.js';
import { getOrganization } from '../organizations/organizations.js';
import { joinByAllowedDomain } from './join-by-allowed-domain.js';

export interface OrganizationOption {
  id: string;
  name: string;
}

/**
 * Which organization a signed-in person enters:
 * - the request named one (`organization_id`): that one if they are an ACTIVE member, or can join
 *   it by an allowed email domain; otherwise refused (never silently another organization);
 * - one ACTIVE membership → that one; several → `pick` (the page lists them);
 * - none → `none`: the person signs in without an organization (no `oid` claim), like a personal
 *   account; the app decides what such a user may do.
 */
export type OrganizationChoice = { kind: 'one'; organizationId: string } | { kind: 'none' } | { kind: 'pick'; options: OrganizationOption[] };

export async function activeOrganizations(db: Kysely<Tables>, envId: string, userId: string): Promise<OrganizationOption[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('organizations as o', 'o.id', 'm.organization_id')
    .select(['o.id', 'o.display_name'])
    .where('m.environment_id', '=', envId)
    .where('m.user_id', '=', userId)
    .where('m.status', '=', 'ACTIVE')
    .orderBy('o.display_name')
    .orderBy('o.id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.display_name }));
}

export async function chooseOrganization(db: Kysely<Tables>, envId: string, user: { id: string; email: string }, requested: string | undefined): Promise<OrganizationChoice> {
  const options = await activeOrganizations(db, envId, user.id);
  if (requested) {
    if (options.some((o) => o.id === requested)) return { kind: 'one', organizationId: requested };
    const org = await getOrganization(db, envId, { id: requested });
    if (await joinByAllowedDomain(db, envId, user.id, user.email, org.id)) return { kind: 'one', organizationId: org.id };
    throw new DomainError('permission_denied', `${user.email} is not a member of ${org.displayName}. Ask an administrator of ${org.displayName} for an invitation, or sign in with another email`, {
      reason: 'NOT_A_MEMBER',
    });
  }
  if (options.length === 1) return { kind: 'one', organizationId: options[0].id };
  if (options.length === 0) return { kind: 'none' };
  return { kind: 'pick', options };
}
