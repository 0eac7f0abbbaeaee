import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { DomainError } from '../errors/domain-error.js';
import { invitationTokenHash, looksLikeInvitationToken } from './invitation-links.js';

export interface AcceptedInvitation {
  organizationName: string;
  email: string;
}

const invalid = () => new DomainError('not_found', 'this invitation link is not valid; ask for a new invitation', { reason: 'INVITE_NOT_FOUND' });
const used = () => new DomainError('failed_precondition', 'this invitation link has already been used', { reason: 'INVITE_ALREADY_ACCEPTED' });

/** The invitation a link names, if it can still be accepted (for the page that asks to confirm). */
export async function findOpenInvitation(db: Kysely<Tables>, token: unknown) {
  if (!looksLikeInvitationToken(token)) throw invalid();
  const row = await db
    .selectFrom('invitations as i')
    .innerJoin('memberships as m', 'm.id', 'i.membership_id')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .innerJoin('organizations as o', 'o.id', 'm.organization_id')
    .select(['i.id', 'i.membership_id', 'i.expires_at', 'i.accepted_at', 'u.email', 'o.display_name'])
    .where('i.token_hash', '=', invitationTokenHash(token))
    .executeTakeFirst();
  if (!row) throw invalid();
  if (row.accepted_at) throw used();
  if (new Date(row.expires_at) <= new Date()) {
    throw new DomainError('failed_precondition', 'this invitation link has expired; ask for a new invitation', { reason: 'INVITE_EXPIRED' });
  }
  return row;
}

/** Marks the membership ACTIVE; a link works once, even when two requests race. */
export async function acceptInvitation(db: Kysely<Tables>, token: unknown): Promise<AcceptedInvitation> {
  const open = await findOpenInvitation(db, token);
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('invitations').set({ accepted_at: now }).where('id', '=', open.id).where('accepted_at', 'is', null).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw used();
    await trx.updateTable('memberships').set({ status: 'ACTIVE', accepted_at: now, updated_at: now }).where('id', '=', open.membership_id).execute();
  });
  return { organizationName: open.display_name, email: open.email };
}
