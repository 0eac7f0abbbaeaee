import * as oauth from 'oauth4webapi';
import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import type { SocialProviderRow } from '../../storage/schema-social-login.js';
import type { OutboundFetch } from '../egress/outbound-fetch.js';
import { oauthCallOptions } from '../egress/oauth-call-options.js';
import { sameSecret } from '../authorization/flow-secrets.js';
import type { ExternalIdentity } from '../sign-in/account-linking.js';
import type { ResolvedEndpoints } from './provider-endpoints.js';
import { fetchJson } from './provider-endpoints.js';
import { socialError } from './social-login-error.js';

const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

const invalid = (name: string) =>
  socialError('invalid_grant', `${name} sent a sign-in Latchkey cannot trust`, `The identity token from ${name} did not pass its checks (signature, issuer, audience, expiry or nonce), so you were not signed in. Start the sign-in again.`, 502);

/** Microsoft's multi-tenant issuer is a template: the token's own `tid` fills it (then iss must equal it). */
function expectedIssuer(issuer: string, idToken: string): string {
  if (!issuer.includes('{tenantid}')) return issuer;
  const tid = decodeJwt(idToken).tid;
  return typeof tid === 'string' && /^[A-Za-z0-9-]{1,64}$/.test(tid) ? issuer.replace('{tenantid}', tid) : issuer;
}

const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/**
 * Whether the provider vouches for the address. Microsoft sends no `email_verified`: its `email`
 * is whatever a tenant admin typed (the "nOAuth" takeover), so only the optional `xms_edov` claim
 * (email domain owner verified) counts there.
 */
const verified = (c: JWTPayload) => c.email_verified === true || c.email_verified === 'true' || c.xms_edov === true || c.xms_edov === '1';

/**
 * OpenID Connect Core §3.1.3.7 ID token validation: signature by a key of the provider's JWKS
 * (fetched through the guarded fetch), `iss`, `aud` (and `azp` when several audiences), `exp`,
 * `iat`, and the `nonce` this sign-in sent. Then §5.3 userinfo when the token lacks the email,
 * whose `sub` must be the token's (§5.3.2).
 */
export async function readOidcIdentity(i: {
  row: SocialProviderRow;
  endpoints: ResolvedEndpoints;
  idToken: string | undefined;
  accessToken: string;
  nonce: string | undefined;
  fetch: OutboundFetch;
}): Promise<ExternalIdentity> {
  const name = i.row.display_name;
  if (!i.idToken || !i.nonce) throw invalid(name);
  const jwks = (await fetchJson(i.fetch, i.endpoints.jwksUrl!, name, 'signing keys')) as JSONWebKeySet;
  let claims: JWTPayload;
  try {
    ({ payload: claims } = await jwtVerify(i.idToken, createLocalJWKSet(jwks), {
      issuer: expectedIssuer(i.endpoints.issuer!, i.idToken),
      audience: i.row.client_id,
      algorithms: ALGORITHMS,
      requiredClaims: ['sub', 'exp', 'iat'],
      clockTolerance: 60,
    }));
  } catch {
    throw invalid(name);
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (audiences.length > 1 && claims.azp !== i.row.client_id) throw invalid(name);
  if (typeof claims.nonce !== 'string' || !sameSecret(claims.nonce, i.nonce)) throw invalid(name);
  let profile: JWTPayload = claims;
  if (!text(claims.email) && i.endpoints.userinfoUrl) profile = await userinfo(i, claims.sub!);
  return {
    providerKey: i.row.provider_key,
    subject: claims.sub!,
    email: text(profile.email),
    emailVerified: Boolean(text(profile.email)) && verified(profile),
    name: text(profile.name),
    givenName: text(profile.given_name),
    familyName: text(profile.family_name),
    picture: text(profile.picture),
    locale: text(profile.locale),
  };
}

async function userinfo(i: { row: SocialProviderRow; endpoints: ResolvedEndpoints; accessToken: string; fetch: OutboundFetch }, sub: string): Promise<JWTPayload> {
  const name = i.row.display_name;
  const url = new URL(i.endpoints.userinfoUrl!);
  let res: Response;
  try {
    res = await oauth.protectedResourceRequest(i.accessToken, 'GET', url, new Headers({ accept: 'application/json' }), null, oauthCallOptions(i.fetch, url));
  } catch {
    throw socialError('temporarily_unavailable', `Could not read your ${name} profile`, `Latchkey could not ask ${name} who signed in. Try again in a moment.`, 502);
  }
  const body = res.status === 200 ? ((await res.json().catch(() => undefined)) as JWTPayload | undefined) : undefined;
  if (!body || body.sub !== sub) throw socialError('server_error', `Could not read your ${name} profile`, `${name} did not describe the person who signed in. Start the sign-in again.`, 502);
  return body;
}
