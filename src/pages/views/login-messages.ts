import { DomainError } from '../../modules/errors/domain-error.js';

/**
 * The passwordless and sign-in errors a person can meet on the login page, in plain English.
 * Anything else is not theirs to fix and goes to the generic error page (undefined here).
 */
export function loginErrorMessage(err: unknown): string | undefined {
  if (!(err instanceof DomainError)) return undefined;
  switch (err.reason) {
    case 'PASSWORDLESS_CODE_INVALID': {
      const left = /(\d+) attempts? left/.exec(err.message)?.[1];
      return left ? `That code is not right. You can try ${left} more time${left === '1' ? '' : 's'}.` : 'That code is not right, and it cannot be tried again. Send a new email to get a new code.';
    }
    case 'PASSWORDLESS_TOO_MANY_ATTEMPTS':
      return 'Too many wrong codes were entered. Send a new email to get a new code.';
    case 'PASSWORDLESS_EXPIRED':
      return 'That code or link has expired. Send a new email to get a new one.';
    case 'PASSWORDLESS_ALREADY_USED':
    case 'PASSWORDLESS_NOT_VERIFIED':
      return 'That code or link was already used. Send a new email to sign in again.';
    case 'PASSWORDLESS_RATE_LIMITED': {
      const seconds = Number(/retry after (\d+) seconds/.exec(err.message)?.[1] ?? 0);
      return `Too many sign-in emails were sent. Wait ${seconds > 90 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds || 60} seconds`} and try again.`;
    }
    case 'PASSWORDLESS_RESEND_LIMIT':
      return 'This email was already sent again several times. Use "Use a different email" to start over.';
    case 'LOGIN_NO_EMAIL_STEP':
      return 'There is no code waiting for this sign-in. Enter your email again.';
    case 'NOT_A_MEMBER':
      return `${err.message}.`;
    case 'MAX_ALLOWED_USERS_REACHED':
      return 'This organization has reached its member limit, so no new member can join it. Ask its administrator to make room.';
    case 'LOGIN_ORGANIZATION_NOT_OFFERED':
      return 'Choose one of the organizations listed.';
  }
  if (err.code === 'invalid_argument' && err.violations.some((v) => v.field === 'link_token')) return 'That sign-in link is not valid: it was replaced by a newer email, or it belongs to another sign-in.';
  if (err.code === 'invalid_argument' && err.violations.some((v) => v.field === 'code')) return 'Enter the 6-digit code from the email.';
  if (err.code === 'invalid_argument' && err.violations.some((v) => v.field === 'email')) return 'Enter a valid email address, like name@example.com.';
  return undefined;
}
