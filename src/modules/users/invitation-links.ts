import { hashToken, looksLikeFlowSecret, newFlowSecret } from '../authorization/flow-secrets.js';

/** An invitation link works once, for this long; ResendInvite issues a new one (the old stops working). */
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60_000;

export const acceptInvitationUrl = (publicUrl: string, token: string): string => `${publicUrl}/invites/accept?token=${encodeURIComponent(token)}`;

/** A fresh 256-bit link token and the hash stored in its place. */
export function newInvitationToken(): { token: string; hash: string } {
  const token = newFlowSecret();
  return { token, hash: hashToken(token) };
}

export { hashToken as invitationTokenHash, looksLikeFlowSecret as looksLikeInvitationToken };
