import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { SignInIdentity, SignInOutcome, SignInRequestParams } from '../sign-in/sign-in-outcome.js';
import { linkExternalIdentity, type ExternalIdentity, type LinkedUser } from '../sign-in/account-linking.js';
import { findIdentity } from '../sign-in/account-linking-identities.js';
import { afterAuthenticationRealm, enterOrganization, type OrganizationOption, type Realm } from '../hosted-login/index.js';

export type SocialSignInStep =
  | { kind: 'done'; outcome: SignInOutcome; user: LinkedUser }
  /** HRD: the email belongs to an organization that enforces SSO; nothing was linked or created. */
  | { kind: 'sso'; realm: Extract<Realm, { kind: 'sso' }>; email: string }
  /** Several organizations: the hosted page's pick step now holds this sign-in (the browser goes to /ui/login). */
  | { kind: 'pick'; options: OrganizationOption[]; user: LinkedUser };

const socialIdentity = (providerKey: string): SignInIdentity => ({ connectionType: 'SOCIAL', providerName: providerKey, social: true });
const SOCIAL_AMR = ['social'];

/**
 * A social identity becomes a signed-in person, as named steps: home_realm_discovery AFTER
 * authentication (seed "User authentication flow": an SSO organization's email goes to its SSO even
 * when the person chose social) → link_account (account-linking.ts) → accept_invitations →
 * choose_organization (the request's, the only one, none, or several: the hosted page's pick step,
 * which keeps the social identity for the outcome) → the outcome.
 */
export async function signInSocialPerson(db: Kysely<Tables>, envId: string, uid: string, identity: ExternalIdentity, params: SignInRequestParams, providerName: string): Promise<SocialSignInStep> {
  // A returning identity signs in as its linked account, so HRD judges that account's email: the
  // address the provider shows now is the person's to change (GitHub's primary need not be verified).
  const email = (await emailOfLinkedUser(db, envId, identity)) ?? identity.email;
  if (email) {
    const realm = await afterAuthenticationRealm(db, envId, email, params);
    if (realm.kind === 'sso') return { kind: 'sso', realm, email };
  }
  const user = await linkExternalIdentity(db, envId, identity, providerName);
  const step = await enterOrganization(db, envId, uid, { userId: user.userId, email: user.email }, { amr: SOCIAL_AMR, identity: socialIdentity(identity.providerKey) }, params.organizationId);
  return { ...step, user };
}

async function emailOfLinkedUser(db: Kysely<Tables>, envId: string, identity: ExternalIdentity): Promise<string | undefined> {
  const known = await findIdentity(db, envId, identity.providerKey, identity.subject);
  if (!known) return undefined;
  return (await db.selectFrom('users').select('email').where('id', '=', known.user_id).executeTakeFirst())?.email;
}
