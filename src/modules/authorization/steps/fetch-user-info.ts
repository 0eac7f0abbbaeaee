import * as oauth from 'oauth4webapi';
import type { OutboundFetch } from '../../egress/outbound-fetch.js';
import { refusalIn } from '../../egress/ssrf-guard.js';
import { oauthCallOptions } from '../../egress/oauth-call-options.js';
import type { ResolvedOAuthConfig } from '../../providers/definition/provider-definition.js';
import { readResponsePath } from '../../providers/definition/provider-definition.js';
import { fillTemplate } from '../../providers/definition/template.js';
import { DESTINATION_REFUSED } from '../destination-refused.js';
import { FlowError } from '../flow-error.js';

export interface ConsentingUser {
  id: string | null;
  email: string | null;
}

const unreadable = (providerName: string, why: string) =>
  new FlowError('server_error', `Could not read your ${providerName} profile`, `${why}, so nothing was connected. Try again with a new link; if it keeps failing, tell the app's administrator.`, 502);

/**
 * fetch_user_info — who consented: the provider's user_info_uri (OpenID Connect Core §5.3 style,
 * method per definition, Bearer token, `Accept: application/json`), read with user_info_id_path and
 * user_info_email_path. Without a user_info_uri the token response is read with the same paths.
 */
export async function fetchUserInfo(i: {
  oauth: ResolvedOAuthConfig;
  accessToken: string;
  accountFields: Record<string, string>;
  tokenJson: unknown;
  fetch: OutboundFetch;
  providerName: string;
}): Promise<ConsentingUser> {
  const read = (json: unknown): ConsentingUser => ({
    id: readResponsePath(json, i.oauth.user_info_id_path) ?? null,
    email: readResponsePath(json, i.oauth.user_info_email_path) ?? null,
  });
  if (!i.oauth.user_info_uri) return read(i.tokenJson);
  let res: Response;
  try {
    const url = new URL(fillTemplate(i.oauth.user_info_uri, i.accountFields));
    res = await oauth.protectedResourceRequest(i.accessToken, i.oauth.user_info_method, url, new Headers({ accept: 'application/json' }), null, oauthCallOptions(i.fetch, url));
  } catch (err) {
    const refused = refusalIn(err);
    if (refused) throw DESTINATION_REFUSED(i.providerName, 'userinfo endpoint', refused);
    if (err instanceof oauth.WWWAuthenticateChallengeError) throw unreadable(i.providerName, `${i.providerName} refused the new access token`);
    throw unreadable(i.providerName, `Latchkey could not contact ${i.providerName}`);
  }
  if (res.status < 200 || res.status > 299) throw unreadable(i.providerName, `${i.providerName} answered HTTP ${res.status} when asked who signed in`);
  try {
    return read(await res.json());
  } catch {
    throw unreadable(i.providerName, `${i.providerName} did not describe the signed-in user as JSON`);
  }
}
