import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { insertMembership, prepareMembership } from '../users/memberships.js';
import { emailDomain } from './realm.js';

/**
 * Just-in-time membership: an organization that verified an ALLOWED_EMAIL_DOMAIN lets people with
 * a proven address at that domain join when they sign in to it. The seat check of
 * `max_allowed_users` runs inside insertMembership (under the organization's lock), so a full
 * organization refuses the join with MAX_ALLOWED_USERS_REACHED.
 * Answers whether the person joined.
 */
export async function joinByAllowedDomain(db: Kysely<Tables>, envId: string, userId: string, email: string, organizationId: string): Promise<boolean> {
  const domain = emailDomain(email);
  if (!domain) return false;
  const allowed = await db
    .selectFrom('domains')
    .select('id')
    .where('environment_id', '=', envId)
    .where('organization_id', '=', organizationId)
    .where('domain', '=', domain)
    .where('domain_type', '=', 'ALLOWED_EMAIL_DOMAIN')
    .where('verification_status', '=', 'VERIFIED')
    .executeTakeFirst();
  if (!allowed) return false;
  const m = await prepareMembership(db, envId, organizationId, {}, 'membership.');
  await insertMembership(db, envId, { organizationId, userId, ...m, invite: false });
  return true;
}
