import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { DomainError } from '../errors/domain-error.js';

/**
 * A domain verified by one organization belongs to it in this environment: no other organization
 * may add or verify it (login routing and trusted email depend on one owner).
 */
export async function assertNotClaimedByAnother(db: Kysely<Tables>, envId: string, organizationId: string, domain: string): Promise<void> {
  const owner = await db
    .selectFrom('domains')
    .select('organization_id')
    .where('environment_id', '=', envId)
    .where('domain', '=', domain)
    .where('verification_status', '=', 'VERIFIED')
    .where('organization_id', '!=', organizationId)
    .executeTakeFirst();
  if (owner) {
    throw new DomainError('already_exists', `domain '${domain}' is verified by another organization in this environment`, { reason: 'DOMAIN_CLAIMED' });
  }
}
