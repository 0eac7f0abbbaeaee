import { FlowError } from '../authorization/flow-error.js';

/**
 * A social sign-in that cannot go on: shown on a page with a way back to the login page (the app's
 * sign-in request is still open, so the person can pick another method). Title and detail are for
 * the person: what happened and what to do, never a token, code or secret.
 */
export class SocialLoginError extends FlowError {
  override name = 'SocialLoginError';
}

export const socialError = (error: FlowError['error'], title: string, detail: string, status = 400) => new SocialLoginError(error, title, detail, status);
