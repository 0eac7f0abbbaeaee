import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { organizationFromRow, type Organization } from '../organizations/organization.js';

export const ssoEnabled = (org: Organization): boolean => org.features.some((f) => f.name === 'sso' && f.enabled);

/**
 * The organization whose SSO owns this domain: a VERIFIED ORGANIZATION_DOMAIN (exact name, no
 * subdomains: the organization proved that zone only) of an organization with the `sso` feature on.
 * A domain is verified by one organization at most (domain claims), so there is one answer.
 */
export async function ssoOrganizationForDomain(db: Kysely<Tables>, envId: string, domain: string): Promise<Organization | undefined> {
  const rows = await db
    .selectFrom('domains as d')
    .innerJoin('organizations as o', 'o.id', 'd.organization_id')
    .selectAll('o')
    .where('d.environment_id', '=', envId)
    .where('d.domain', '=', domain)
    .where('d.domain_type', '=', 'ORGANIZATION_DOMAIN')
    .where('d.verification_status', '=', 'VERIFIED')
    .orderBy('o.id')
    .execute();
  return rows.map(organizationFromRow).find(ssoEnabled);
}
