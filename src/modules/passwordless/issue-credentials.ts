import { hashToken, newFlowSecret } from '../authorization/flow-secrets.js';
import { magicLink } from './magic-link.js';
import { hashOtp, newOtp } from './otp.js';
import { sendsCode, sendsLink, type PasswordlessType } from './passwordless-types.js';

export interface IssuedCredentials {
  /** What goes into the email, and nowhere else. */
  otp: string | undefined;
  link: string | undefined;
  /** What the database keeps. */
  otpHash: string | null;
  linkTokenHash: string | null;
}

/** A fresh code and/or link token for one send (a resend replaces both, so the old ones stop working). */
export function issueCredentials(type: PasswordlessType, magiclinkAuthUri: string | null | undefined): IssuedCredentials {
  const otp = sendsCode(type) ? newOtp() : undefined;
  const token = sendsLink(type) ? newFlowSecret() : undefined;
  return {
    otp,
    link: token && magiclinkAuthUri ? magicLink(magiclinkAuthUri, token) : undefined,
    otpHash: otp ? hashOtp(otp) : null,
    linkTokenHash: token ? hashToken(token) : null,
  };
}
