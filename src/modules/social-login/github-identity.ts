import * as oauth from 'oauth4webapi';
import type { SocialProviderRow } from '../../storage/schema-social-login.js';
import type { OutboundFetch } from '../egress/outbound-fetch.js';
import { oauthCallOptions } from '../egress/oauth-call-options.js';
import type { ExternalIdentity } from '../sign-in/account-linking.js';
import type { ResolvedEndpoints } from './provider-endpoints.js';
import { socialError } from './social-login-error.js';

interface GitHubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
  visibility: 'public' | 'private' | null;
}

const HEADERS = { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'user-agent': 'Latchkey' };

async function get(i: { endpoints: ResolvedEndpoints; accessToken: string; fetch: OutboundFetch; name: string }, path: string): Promise<unknown> {
  const url = new URL(`${i.endpoints.apiUrl!.replace(/\/$/, '')}${path}`);
  let res: Response;
  try {
    res = await oauth.protectedResourceRequest(i.accessToken, 'GET', url, new Headers(HEADERS), null, oauthCallOptions(i.fetch, url));
  } catch {
    throw socialError('temporarily_unavailable', `Could not read your ${i.name} profile`, `Latchkey could not ask ${i.name} who signed in. Try again in a moment.`, 502);
  }
  const body = res.status === 200 ? await res.json().catch(() => undefined) : undefined;
  if (body === undefined) throw socialError('server_error', `Could not read your ${i.name} profile`, `${i.name} answered HTTP ${res.status} when asked who signed in (the app needs the read:user and user:email scopes). Tell the app's administrator.`, 502);
  return body;
}

/**
 * GitHub is OAuth 2.0 without OpenID: `GET /user` gives the stable numeric `id` (logins can be
 * renamed), `GET /user/emails` (scope `user:email`) the addresses with `primary` and `verified`.
 * Only the primary address counts, and only when GitHub verified it: `/user`'s `email` is the
 * public profile address, which GitHub does not require to be verified.
 */
export async function readGitHubIdentity(i: { row: SocialProviderRow; endpoints: ResolvedEndpoints; accessToken: string; fetch: OutboundFetch }): Promise<ExternalIdentity> {
  const ctx = { ...i, name: i.row.display_name };
  const user = (await get(ctx, '/user')) as { id?: unknown; login?: unknown; name?: unknown; avatar_url?: unknown };
  if (typeof user?.id !== 'number' && typeof user?.id !== 'string') throw socialError('server_error', `Could not read your ${ctx.name} profile`, `${ctx.name} sent a profile without an id. Start the sign-in again.`, 502);
  const emails = await get(ctx, '/user/emails');
  const primary = Array.isArray(emails) ? (emails as GitHubEmail[]).find((e) => e && e.primary === true && typeof e.email === 'string') : undefined;
  const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  return {
    providerKey: i.row.provider_key,
    subject: String(user.id),
    email: primary?.email,
    emailVerified: primary?.verified === true,
    name: str(user.name) ?? str(user.login),
    picture: str(user.avatar_url),
  };
}
