import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { User } from './user.js';
import { findMembership, organizationFor, prepareMembership } from './memberships.js';
import { writeMembershipRoles } from './membership-roles.js';
import { findUserRow, type UserRef } from './user-ref.js';
import { getUser } from './users.js';

/** UpdateMembership: roles and metadata replace the current ones when sent (an empty list or map leaves them). */
export async function updateMembership(
  db: Kysely<Tables>,
  envId: string,
  req: { organizationId: string; user: UserRef; roles: string[]; metadata: Record<string, string> | undefined },
): Promise<User> {
  const org = await organizationFor(db, envId, req.organizationId);
  const prepared = await prepareMembership(db, envId, org.id, { roles: req.roles, metadata: req.metadata }, 'membership.');
  const user = await findUserRow(db, envId, req.user);
  const membership = await findMembership(db, envId, org.id, user.id);
  await db.transaction().execute(async (trx) => {
    const now = new Date().toISOString();
    if (req.metadata !== undefined) await trx.updateTable('memberships').set({ metadata: JSON.stringify(req.metadata), updated_at: now }).where('id', '=', membership.id).execute();
    if (req.roles.length) await writeMembershipRoles(trx, membership.id, prepared.roles);
  });
  return getUser(db, envId, { id: user.id });
}

/** DeleteMembership; with `cascade`, a user left without any membership is deleted too. */
export async function deleteMembership(db: Kysely<Tables>, envId: string, req: { organizationId: string; user: UserRef; cascade: boolean }): Promise<void> {
  const org = await organizationFor(db, envId, req.organizationId);
  const user = await findUserRow(db, envId, req.user);
  const membership = await findMembership(db, envId, org.id, user.id);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('memberships').where('id', '=', membership.id).execute();
    if (!req.cascade) return;
    const left = await trx.selectFrom('memberships').select('id').where('user_id', '=', user.id).executeTakeFirst();
    if (!left) await trx.deleteFrom('users').where('id', '=', user.id).execute();
  });
}
