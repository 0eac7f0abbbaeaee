import type { Logger } from '../../logging/logger.js';
import type { User } from './user.js';
import type { InvitationEmailDeps } from './send-invitation.js';
import { sendInvitationEmail } from './send-invitation.js';
import { insertMembership, organizationFor, prepareMembership, type MembershipInput } from './memberships.js';
import { findUserRow, type UserRef } from './user-ref.js';
import { getUser } from './users.js';

export interface DirectoryDeps extends InvitationEmailDeps {
  log: Logger;
}

/**
 * Sends the invitation after the membership committed. A failed send does not undo the membership
 * (it is logged and recorded in the outbox as failed); ResendInvite sends a new link.
 */
export async function mailInvitation(deps: DirectoryDeps, envId: string, m: { to: string; organizationName: string; inviterEmail: string | undefined; invitation?: { token: string; expiresAt: Date } }): Promise<void> {
  if (!m.invitation) return;
  await sendInvitationEmail(deps, envId, { to: m.to, organizationName: m.organizationName, inviterEmail: m.inviterEmail, ...m.invitation });
}

/** CreateMembership: an existing user joins another organization. */
export async function addMembership(
  deps: DirectoryDeps,
  envId: string,
  req: { organizationId: string; user: UserRef; membership: MembershipInput; sendInvitation: boolean },
): Promise<User> {
  const org = await organizationFor(deps.db, envId, req.organizationId);
  // Input first: a bad request is refused as such, whoever it names.
  const m = await prepareMembership(deps.db, envId, org.id, req.membership, 'membership.');
  const user = await findUserRow(deps.db, envId, req.user);
  const created = await insertMembership(deps.db, envId, { organizationId: org.id, userId: user.id, ...m, invite: req.sendInvitation });
  await mailInvitation(deps, envId, { to: user.email, organizationName: org.displayName, inviterEmail: m.inviterEmail, invitation: created.invitation });
  return getUser(deps.db, envId, { id: user.id });
}
