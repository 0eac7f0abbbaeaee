/** Passwordless email sign-in: the RPCs' domain functions, shared with the hosted login page. */
export { sendPasswordless } from './send-passwordless.js';
export { verifyPasswordless, type VerifyInput } from './verify-passwordless.js';
export { resendPasswordless } from './resend-passwordless.js';
export { verifiedEmailFrom, type VerifiedEmail } from './verified-email.js';
export { passwordlessTypeSetting, setPasswordlessType } from './passwordless-settings.js';
export { PASSWORDLESS_LIMITS, type PasswordlessLimits } from './passwordless-limits.js';
export type { PasswordlessDeps } from './passwordless-deps.js';
export type { PasswordlessTemplate, PasswordlessType, SendOrigin, SentPasswordless, VerifiedPasswordless } from './passwordless-types.js';
