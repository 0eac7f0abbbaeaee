import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { DomainError } from '../errors/domain-error.js';
import { findMembership, insertMembership, prepareMembership } from '../users/memberships.js';
import { emailDomain } from './realm.js';

/**
 * Just-in-time membership: an organization that verified an ALLOWED_EMAIL_DOMAIN lets people with
 * a proven address at that domain join when they sign in to it. The seat check of
 * `max_allowed_users` runs inside insertMembership (under the organization's lock), so a full
 * organization refuses the join with MAX_ALLOWED_USERS_REACHED. A membership the person already has
 * but not ACTIVE (deactivated, or an invitation that lapsed) is the administrators' call: the domain
 * does not override it. Answers whether the person is now an ACTIVE member.
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
  const statusNow = () =>
    findMembership(db, envId, organizationId, userId).then(
      (m) => m.status,
      (err) => (err instanceof DomainError && err.reason === 'MEMBERSHIP_NOT_FOUND' ? undefined : Promise.reject(err)),
    );
  const status = await statusNow();
  if (status) return status === 'ACTIVE';
  const m = await prepareMembership(db, envId, organizationId, {}, 'membership.');
  try {
    await insertMembership(db, envId, { organizationId, userId, ...m, invite: false });
  } catch (err) {
    // Two sign-ins of one person joining at once: the other one's row decides.
    if (err instanceof DomainError && err.reason === 'MEMBERSHIP_EXISTS') return (await statusNow()) === 'ACTIVE';
    throw err;
  }
  return true;
}
