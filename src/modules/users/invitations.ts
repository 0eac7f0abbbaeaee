import type { Kysely, Transaction } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { InvitationRow } from '../../storage/schema-users.js';
import { newId } from '../../storage/ids.js';
import { DomainError } from '../errors/domain-error.js';
import { INVITATION_TTL_MS, newInvitationToken } from './invitation-links.js';

export interface Invite {
  organizationId: string;
  userId: string;
  inviterEmail: string | undefined;
  status: 'PENDING_INVITE';
  createdAt: Date;
  expiresAt: Date;
  resentAt: Date | undefined;
  resentCount: number;
}

/** A membership's (first) invitation; the raw token goes into the email only. */
export async function createInvitation(trx: Transaction<Tables> | Kysely<Tables>, envId: string, membershipId: string, now = new Date()): Promise<{ token: string; row: InvitationRow }> {
  const { token, hash } = newInvitationToken();
  const row: InvitationRow = {
    id: newId('inv'),
    environment_id: envId,
    membership_id: membershipId,
    token_hash: hash,
    expires_at: new Date(now.getTime() + INVITATION_TTL_MS).toISOString(),
    resent_at: null,
    resent_count: 0,
    accepted_at: null,
    created_at: now.toISOString(),
  };
  await trx.insertInto('invitations').values(row).execute();
  return { token, row };
}

/**
 * ResendInvite: a new link and expiry for a membership not accepted yet (an expired invitation
 * becomes pending again). The previous link stops working: only the newest token's hash is kept.
 */
export async function renewInvitation(db: Kysely<Tables>, envId: string, membershipId: string): Promise<{ token: string; row: InvitationRow }> {
  const now = new Date();
  const { token, hash } = newInvitationToken();
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('invitations').selectAll().where('membership_id', '=', membershipId).executeTakeFirst();
    if (!current) {
      await trx.updateTable('memberships').set({ status: 'PENDING_INVITE', updated_at: now.toISOString() }).where('id', '=', membershipId).execute();
      return createInvitation(trx, envId, membershipId, now);
    }
    if (current.accepted_at) throw new DomainError('failed_precondition', 'the invitation was already accepted; the user is an active member', { reason: 'INVITE_ALREADY_ACCEPTED' });
    const set = {
      token_hash: hash,
      expires_at: new Date(now.getTime() + INVITATION_TTL_MS).toISOString(),
      resent_at: now.toISOString(),
      resent_count: current.resent_count + 1,
    };
    await trx.updateTable('invitations').set(set).where('id', '=', current.id).execute();
    await trx.updateTable('memberships').set({ status: 'PENDING_INVITE', updated_at: now.toISOString() }).where('id', '=', membershipId).execute();
    return { token, row: { ...current, ...set } };
  });
}

export function inviteOf(row: InvitationRow, m: { organizationId: string; userId: string; inviterEmail: string | undefined }): Invite {
  return {
    organizationId: m.organizationId,
    userId: m.userId,
    inviterEmail: m.inviterEmail,
    status: 'PENDING_INVITE',
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
    resentAt: row.resent_at ? new Date(row.resent_at) : undefined,
    resentCount: row.resent_count,
  };
}
