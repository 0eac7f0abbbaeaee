/** The three ways a passwordless email proves inbox control (scalekit.v1.auth.passwordless.PasswordlessType). */
export const PASSWORDLESS_TYPES = ['OTP', 'LINK', 'LINK_OTP'] as const;
export type PasswordlessType = (typeof PASSWORDLESS_TYPES)[number];

/** The sign-in intent, which picks the email's wording (TemplateType). */
export type PasswordlessTemplate = 'SIGNIN' | 'SIGNUP';

export const sendsCode = (t: PasswordlessType): boolean => t !== 'LINK';
export const sendsLink = (t: PasswordlessType): boolean => t !== 'OTP';

/** What SendPasswordlessEmail and ResendPasswordlessEmail answer. */
export interface SentPasswordless {
  authRequestId: string;
  expiresAt: Date;
  expiresIn: number;
  passwordlessType: PasswordlessType;
}

/** What VerifyPasswordlessEmail answers: the inbox proven, with what the send carried. */
export interface VerifiedPasswordless {
  authRequestId: string;
  email: string;
  state: string | undefined;
  template: PasswordlessTemplate;
  passwordlessType: PasswordlessType;
}

/** Who asked for the email, for the per-source rate limit: the end user's address when known, else the API client. */
export type SendOrigin = { ip: string } | { clientId: string };
