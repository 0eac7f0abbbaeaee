import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { MembershipRow } from '../../storage/schema-users.js';
import { newId } from '../../storage/ids.js';
import { DomainError, invalidArgument, invalidFields, notFound, type FieldViolation } from '../errors/domain-error.js';
import { getOrganization } from '../organizations/organizations.js';
import type { Organization } from '../organizations/organization.js';
import { createInvitation } from './invitations.js';
import { assertSeatAvailable, lockOrganization } from './membership-capacity.js';
import { roleNamesFor, writeMembershipRoles } from './membership-roles.js';
import { checkEmail, checkMetadata } from './validate-user.js';

export interface MembershipInput {
  roles?: string[];
  metadata?: Record<string, string>;
  inviterEmail?: string;
}

/** The organization a membership call names, in this environment (a foreign one is not found). */
export async function organizationFor(db: Kysely<Tables>, envId: string, organizationId: string): Promise<Organization> {
  if (!organizationId) throw invalidArgument('organization_id', 'is required');
  return getOrganization(db, envId, { id: organizationId });
}

/** Validates a membership's fields and resolves its role names (the default member role when none are asked). */
export async function prepareMembership(db: Kysely<Tables>, envId: string, organizationId: string, input: MembershipInput, prefix: string): Promise<{ roles: string[]; metadata: Record<string, string>; inviterEmail: string | undefined }> {
  const v: FieldViolation[] = [];
  checkMetadata(input.metadata, `${prefix}metadata`, v);
  if (input.inviterEmail) checkEmail(input.inviterEmail, `${prefix}inviter_email`, v);
  (input.roles ?? []).forEach((r, i) => {
    if (!r.trim()) v.push({ field: `${prefix}roles[${i}].name`, description: 'is required' });
  });
  if (v.length) throw invalidFields(v);
  const roles = await roleNamesFor(db, envId, organizationId, (input.roles ?? []).map((r) => r.trim()), `${prefix}roles`);
  return { roles, metadata: input.metadata ?? {}, inviterEmail: input.inviterEmail?.trim().toLowerCase() || undefined };
}

/**
 * Inserts the membership (PENDING_INVITE with an invitation when one is sent, else ACTIVE) under
 * the organization's lock, so `max_allowed_users` holds under concurrency. Returns the raw
 * invitation token for the email, if any.
 */
export async function insertMembership(
  db: Kysely<Tables>,
  envId: string,
  m: { organizationId: string; userId: string; roles: string[]; metadata: Record<string, string>; inviterEmail: string | undefined; invite: boolean },
): Promise<{ membershipId: string; invitation?: { token: string; expiresAt: Date } }> {
  return db.transaction().execute(async (trx) => {
    await lockOrganization(trx, m.organizationId);
    const existing = await trx.selectFrom('memberships').select('id').where('organization_id', '=', m.organizationId).where('user_id', '=', m.userId).executeTakeFirst();
    if (existing) {
      throw new DomainError('already_exists', `user '${m.userId}' is already a member of organization '${m.organizationId}'`, { reason: 'MEMBERSHIP_EXISTS' });
    }
    await assertSeatAvailable(trx, m.organizationId);
    const now = new Date().toISOString();
    const id = newId('mem');
    await trx
      .insertInto('memberships')
      .values({
        id,
        environment_id: envId,
        organization_id: m.organizationId,
        user_id: m.userId,
        status: m.invite ? 'PENDING_INVITE' : 'ACTIVE',
        external_id: null,
        metadata: JSON.stringify(m.metadata),
        inviter_email: m.inviterEmail ?? null,
        accepted_at: m.invite ? null : now,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await writeMembershipRoles(trx, id, m.roles);
    if (!m.invite) return { membershipId: id };
    const { token, row } = await createInvitation(trx, envId, id);
    return { membershipId: id, invitation: { token, expiresAt: new Date(row.expires_at) } };
  });
}

/** The membership of one user in one organization, or NotFound. */
export async function findMembership(db: Kysely<Tables>, envId: string, organizationId: string, userId: string): Promise<MembershipRow> {
  const row = await db
    .selectFrom('memberships')
    .selectAll()
    .where('environment_id', '=', envId)
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) throw notFound('membership', `${organizationId}/${userId}`, 'MEMBERSHIP_NOT_FOUND');
  return row;
}
