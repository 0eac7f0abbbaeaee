import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';

/**
 * Signing in with a proven email accepts the person's open invitations: the invitation was sent to
 * that inbox, and proving the inbox is what clicking its link proves. Expired ones stay expired.
 * No seat check: a pending invitation already holds its seat under max_allowed_users.
 */
export async function acceptInvitationsAtSignIn(db: Kysely<Tables>, envId: string, userId: string): Promise<number> {
  const now = new Date().toISOString();
  return db.transaction().execute(async (trx) => {
    const open = await trx
      .selectFrom('invitations as i')
      .innerJoin('memberships as m', 'm.id', 'i.membership_id')
      .select(['i.id', 'i.membership_id'])
      .where('m.environment_id', '=', envId)
      .where('m.user_id', '=', userId)
      .where('m.status', '=', 'PENDING_INVITE')
      .where('i.accepted_at', 'is', null)
      .where('i.expires_at', '>', now)
      .execute();
    let accepted = 0;
    for (const inv of open) {
      // Guarded like the link's acceptance: a racing accept of the same invitation counts once.
      const r = await trx.updateTable('invitations').set({ accepted_at: now }).where('id', '=', inv.id).where('accepted_at', 'is', null).executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) continue;
      await trx.updateTable('memberships').set({ status: 'ACTIVE', accepted_at: now, updated_at: now }).where('id', '=', inv.membership_id).execute();
      accepted++;
    }
    return accepted;
  });
}
