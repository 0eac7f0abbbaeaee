import { DomainError, invalidArgument } from '../errors/domain-error.js';
import { sendInvitationEmail } from './send-invitation.js';
import type { DirectoryDeps } from './add-membership.js';
import { findMembership, organizationFor } from './memberships.js';
import { inviteOf, renewInvitation, type Invite } from './invitations.js';
import { findUserRow } from './user-ref.js';

/** ResendInvite: a fresh link (the previous one stops working) mailed to a member who has not accepted yet. */
export async function resendInvite(deps: DirectoryDeps, envId: string, req: { organizationId: string; userId: string }): Promise<Invite> {
  const org = await organizationFor(deps.db, envId, req.organizationId);
  if (!req.userId) throw invalidArgument('id', 'is required (the user id)');
  const user = await findUserRow(deps.db, envId, { id: req.userId });
  const membership = await findMembership(deps.db, envId, org.id, user.id);
  if (membership.status === 'ACTIVE' || membership.status === 'INACTIVE') {
    throw new DomainError('failed_precondition', `user '${user.id}' is already ${membership.status.toLowerCase()} in organization '${org.id}'; only pending invitations can be resent`, {
      reason: 'INVITE_NOT_PENDING',
    });
  }
  const { token, row } = await renewInvitation(deps.db, envId, membership.id);
  const inviterEmail = membership.inviter_email ?? undefined;
  const sent = await sendInvitationEmail(deps, envId, { to: user.email, organizationName: org.displayName, inviterEmail, token, expiresAt: new Date(row.expires_at) });
  // Resending exists to deliver the email: say so when it could not be.
  if (sent.status === 'failed') throw new DomainError('unavailable', `the invitation email could not be sent (${sent.error}); the new link is recorded, try again later`, { reason: 'EMAIL_NOT_SENT' });
  return inviteOf(row, { organizationId: org.id, userId: user.id, inviterEmail });
}
