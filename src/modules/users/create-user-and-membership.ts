import type { User } from './user.js';
import type { UserInput } from './validate-user.js';
import { mailInvitation, type DirectoryDeps } from './add-membership.js';
import { insertMembership, organizationFor, prepareMembership, type MembershipInput } from './memberships.js';
import { findOrCreateUser, getUser } from './users.js';

/**
 * CreateUserAndMembership. The email decides the user: a known address gets a new membership,
 * never a second user. Everything is validated before anything is written; a user created here
 * is removed again when its membership cannot be (organization full, already a member).
 */
export async function createUserAndMembership(
  deps: DirectoryDeps,
  envId: string,
  req: { organizationId: string; user: UserInput; membership: MembershipInput; sendInvitation: boolean },
): Promise<User> {
  const org = await organizationFor(deps.db, envId, req.organizationId);
  const m = await prepareMembership(deps.db, envId, org.id, req.membership, 'user.membership.');
  const { row, created } = await findOrCreateUser(deps.db, envId, req.user);
  let inserted;
  try {
    inserted = await insertMembership(deps.db, envId, { organizationId: org.id, userId: row.id, ...m, invite: req.sendInvitation });
  } catch (err) {
    if (created) await deps.db.deleteFrom('users').where('id', '=', row.id).execute();
    throw err;
  }
  await mailInvitation(deps, envId, { to: row.email, organizationName: org.displayName, inviterEmail: m.inviterEmail, invitation: inserted.invitation });
  return getUser(deps.db, envId, { id: row.id });
}
