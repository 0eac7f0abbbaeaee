/**
 * Errors of the browser-facing flow (link page, OAuth callback, credential forms). `error` uses the
 * spec's names where one exists: RFC 6749 §4.1.2.1 / §5.2 (invalid_request, access_denied,
 * invalid_grant, server_error, temporarily_unavailable, invalid_scope, unauthorized_client),
 * RFC 8628 §3.5 (expired_token) and OpenID Connect Core §3.1.2.6 (login_required).
 * `title` and `detail` are shown to the person in the browser: plain words, what happened and
 * what to do next, never a token, code or secret.
 */
export const FLOW_ERRORS = [
  'invalid_request',
  'expired_token',
  'access_denied',
  'invalid_grant',
  'invalid_scope',
  'unauthorized_client',
  'server_error',
  'temporarily_unavailable',
  'login_required',
  'invalid_csrf_token',
] as const;
export type FlowErrorCode = (typeof FLOW_ERRORS)[number];

export class FlowError extends Error {
  constructor(
    readonly error: FlowErrorCode,
    readonly title: string,
    readonly detail: string,
    readonly status = 400,
    /** A shell command that fixes it (run by an administrator), shown on the page as code. */
    readonly command?: string,
  ) {
    super(`${error}: ${title}`);
    this.name = 'FlowError';
  }
}

/** Codes a provider may send back on the redirect (RFC 6749 §4.1.2.1) that we name as they are. */
export const providerErrorCode = (raw: string): FlowErrorCode =>
  (['access_denied', 'invalid_scope', 'unauthorized_client', 'temporarily_unavailable', 'invalid_request'] as const).find((c) => c === raw) ?? 'server_error';
