import { invalidArgument } from '../errors/domain-error.js';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * The app's callback for magic links: absolute https, or http on loopback (local development);
 * no credentials in it, and no fragment (the link token is appended as a query parameter).
 */
export function checkMagicLinkUri(raw: string, field = 'magiclink_auth_uri'): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidArgument(field, 'must be an absolute URL such as "https://app.example.com/auth/passwordless/callback"');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.test(url.hostname))) {
    throw invalidArgument(field, 'must use https (http is allowed only on localhost / 127.0.0.1 / [::1])');
  }
  if (url.username || url.password) throw invalidArgument(field, 'must not carry a user name or password');
  if (url.hash) throw invalidArgument(field, 'must not have a #fragment (link_token is added as a query parameter)');
  return url.toString();
}

/** The link in the email: the app's callback with `?link_token=…` (replacing any link_token it had). */
export function magicLink(uri: string, token: string): string {
  const url = new URL(uri);
  url.searchParams.set('link_token', token);
  return url.toString();
}
