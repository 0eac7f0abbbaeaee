import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { Membership } from './user.js';

/** The memberships of these users (roles and pending invitation included), by user id, oldest first. */
export async function membershipsOf(db: Kysely<Tables>, envId: string, userIds: string[]): Promise<Map<string, Membership[]>> {
  const out = new Map<string, Membership[]>(userIds.map((id) => [id, []]));
  if (!userIds.length) return out;
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('organizations as o', 'o.id', 'm.organization_id')
    .leftJoin('invitations as i', 'i.membership_id', 'm.id')
    .select(['m.id', 'm.organization_id', 'm.user_id', 'm.status', 'm.metadata', 'm.inviter_email', 'm.accepted_at', 'm.created_at', 'o.display_name', 'i.expires_at', 'i.accepted_at as invite_accepted_at'])
    .where('m.environment_id', '=', envId)
    .where('m.user_id', 'in', userIds)
    .orderBy('m.id')
    .execute();
  const roles = rows.length
    ? await db.selectFrom('membership_roles').selectAll().where('membership_id', 'in', rows.map((r) => r.id)).orderBy('role_name').execute()
    : [];
  const rolesOf = new Map<string, string[]>();
  for (const r of roles) rolesOf.set(r.membership_id, [...(rolesOf.get(r.membership_id) ?? []), r.role_name]);
  for (const r of rows) {
    out.get(r.user_id)!.push({
      id: r.id,
      organizationId: r.organization_id,
      organizationName: r.display_name,
      userId: r.user_id,
      // An invitation past its expiry reads as INVITE_EXPIRED without a sweeper rewriting rows.
      status: r.status === 'PENDING_INVITE' && r.expires_at && new Date(r.expires_at) <= new Date() ? 'INVITE_EXPIRED' : r.status,
      roles: rolesOf.get(r.id) ?? [],
      metadata: JSON.parse(r.metadata),
      inviterEmail: r.inviter_email ?? undefined,
      acceptedAt: r.accepted_at ? new Date(r.accepted_at) : undefined,
      expiresAt: r.expires_at && !r.invite_accepted_at ? new Date(r.expires_at) : undefined,
      createdAt: new Date(r.created_at),
    });
  }
  return out;
}
