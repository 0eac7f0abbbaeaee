import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { SignInRequestParams } from '../sign-in/sign-in-outcome.js';
import { getOrganization } from '../organizations/organizations.js';
import { emailDomain, type Realm } from './realm.js';
import { ssoEnabled, ssoOrganizationForDomain } from './sso-organization.js';

type Db = Kysely<Tables>;

/**
 * Home realm discovery, after the seed's "User authentication flow". Each step answers a realm or
 * passes (undefined) to the next:
 * 1. forced_by_connection — `connection_id` names an SSO connection: straight to it, no HRD.
 * 2. forced_by_organization — `organization_id`: that organization's SSO when it has SSO on; else
 *    the sign-in proceeds (passwordless) into that organization, no HRD.
 * 3. by_domain_hint — `domain_hint` (or `domain`) narrows discovery to that domain first.
 * 4. by_email_domain — the email's domain is a verified ORGANIZATION_DOMAIN of an SSO organization.
 */
async function forcedByConnection(p: SignInRequestParams): Promise<Realm | undefined> {
  return p.connectionId ? { kind: 'sso', reason: 'connection_id', connectionId: p.connectionId } : undefined;
}

async function forcedByOrganization(db: Db, envId: string, p: SignInRequestParams): Promise<Realm | undefined> {
  if (!p.organizationId) return undefined;
  const org = await getOrganization(db, envId, { id: p.organizationId });
  return ssoEnabled(org) ? { kind: 'sso', reason: 'organization_id', organizationId: org.id, organizationName: org.displayName } : { kind: 'none', organizationId: org.id };
}

async function byDomain(db: Db, envId: string, domain: string | undefined, reason: 'domain_hint' | 'email_domain'): Promise<Realm | undefined> {
  if (!domain) return undefined;
  const org = await ssoOrganizationForDomain(db, envId, domain);
  return org ? { kind: 'sso', reason, organizationId: org.id, organizationName: org.displayName } : undefined;
}

/** Before any email is typed (the page's first load): only what the request itself decides. */
export async function realmOfRequest(db: Db, envId: string, p: SignInRequestParams): Promise<Realm | undefined> {
  return (await forcedByConnection(p)) ?? (await forcedByOrganization(db, envId, p)) ?? (await byDomain(db, envId, p.domainHint?.toLowerCase(), 'domain_hint'));
}

/**
 * Email login: HRD runs BEFORE authentication. `sso` → that organization's SSO page; `none` → the
 * passwordless proof, then sign-in.
 */
export async function realmBeforeAuthentication(db: Db, envId: string, email: string, p: SignInRequestParams): Promise<Realm> {
  return (await realmOfRequest(db, envId, p)) ?? (await byDomain(db, envId, emailDomain(email), 'email_domain')) ?? { kind: 'none' };
}

/**
 * Social and passkey login: the person is authenticated already, and HRD runs AFTER it on the email
 * the method proved. `sso` → redirect to that organization's SSO (enterprise users must complete
 * SSO even when they chose social); `none` → authentication completes (into `organizationId` when
 * the request named one). Social login's callback uses it; passkeys will.
 */
export async function afterAuthenticationRealm(db: Db, envId: string, email: string, p: SignInRequestParams): Promise<Realm> {
  return realmBeforeAuthentication(db, envId, email, p);
}
