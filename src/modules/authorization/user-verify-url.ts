import { invalidArgument } from '../errors/domain-error.js';

const FIELD = 'user_verify_url';
const LOOPBACK = (host: string) => host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);

/**
 * The app's verify route (seed "Verify user identity"): Latchkey redirects the browser there with
 * `auth_request_id` and `state`. It must be https; plain http is accepted for loopback hosts only
 * (local development), so a link can never send a user's browser over cleartext to a remote host.
 */
export function validateUserVerifyUrl(raw: string): string {
  if (raw.length > 2048) throw invalidArgument(FIELD, 'must be at most 2048 characters');
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw invalidArgument(FIELD, `must be an absolute URL such as https://app.example.com/user/verify (got '${raw.slice(0, 100)}')`);
  }
  if (u.username || u.password) throw invalidArgument(FIELD, 'must not contain a user name or password');
  if (u.hash) throw invalidArgument(FIELD, 'must not contain a #fragment');
  if (u.protocol === 'https:' && u.hostname) return u.toString();
  if (u.protocol === 'http:' && LOOPBACK(u.hostname)) return u.toString();
  throw invalidArgument(FIELD, 'must be an https URL (http is accepted only for localhost, 127.0.0.1 and [::1])');
}

/** `user_verify_url?auth_request_id=…&state=…` (existing query parameters of the app's URL stay). */
export function userVerifyRedirect(userVerifyUrl: string, authRequestId: string, appState: string | null): string {
  const u = new URL(userVerifyUrl);
  u.searchParams.set('auth_request_id', authRequestId);
  u.searchParams.set('state', appState ?? '');
  return u.toString();
}
