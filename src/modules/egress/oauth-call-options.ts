import * as oauth from 'oauth4webapi';
import type { OutboundFetch } from './outbound-fetch.js';

/**
 * oauth4webapi's transport options for a call to `url` (token, refresh, userinfo): through the
 * environment's guarded `fetch`, and, for an `http:` URL, with the library's https-only check
 * lifted. That is safe because the two layers of the plain-http rule hold it (plain-http-rule.ts):
 * definitions name http only with a literal loopback host, and the guarded connector speaks plain
 * http to loopback addresses only.
 */
export function oauthCallOptions(fetch: OutboundFetch, url: string | URL): { [oauth.customFetch]: never; [oauth.allowInsecureRequests]?: true } {
  const plain = new URL(url).protocol === 'http:';
  return { [oauth.customFetch]: fetch as never, ...(plain ? { [oauth.allowInsecureRequests]: true as const } : {}) };
}
