import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { SignInOutcome, SignInRequestParams } from '../sign-in/sign-in-outcome.js';
import { linkExternalIdentity, type ExternalIdentity, type LinkedUser } from '../sign-in/account-linking.js';
import { findIdentity } from '../sign-in/account-linking-identities.js';
import { acceptInvitationsAtSignIn, afterAuthenticationRealm, chooseOrganization, savePickStep, type OrganizationOption, type Realm } from '../hosted-login/index.js';

export type SocialSignInStep =
  | { kind: 'done'; outcome: SignInOutcome; user: LinkedUser }
  /** HRD: the email belongs to an organization that enforces SSO; nothing was linked or created. */
  | { kind: 'sso'; realm: Extract<Realm, { kind: 'sso' }>; email: string }
  /** Several organizations: the hosted page's pick step now holds this sign-in (the browser goes to /ui/login). */
  | { kind: 'pick'; options: OrganizationOption[]; user: LinkedUser };

const socialIdentity = (providerKey: string) => ({ connectionType: 'SOCIAL' as const, providerName: providerKey, social: true });
const SOCIAL_AMR = ['social'];

export const socialOutcome = (userId: string, organizationId: string | undefined, providerKey: string): SignInOutcome => ({
  userId,
  ...(organizationId ? { organizationId } : {}),
  identity: socialIdentity(providerKey),
  amr: SOCIAL_AMR,
});

/**
 * A social identity becomes a signed-in person, as named steps: home_realm_discovery AFTER
 * authentication (seed "User authentication flow": an SSO organization's email goes to its SSO even
 * when the person chose social) → link_account (account-linking.ts) → accept_invitations →
 * choose_organization (the request's, the only one, none, or several: the hosted page's pick step,
 * which keeps the social identity for the outcome) → the outcome.
 */
export async function signInSocialPerson(db: Kysely<Tables>, envId: string, uid: string, identity: ExternalIdentity, params: SignInRequestParams, providerName: string): Promise<SocialSignInStep> {
  const email = identity.email ?? (await emailOfLinkedUser(db, envId, identity));
  if (email) {
    const realm = await afterAuthenticationRealm(db, envId, email, params);
    if (realm.kind === 'sso') return { kind: 'sso', realm, email };
  }
  const user = await linkExternalIdentity(db, envId, identity, providerName);
  await acceptInvitationsAtSignIn(db, envId, user.userId);
  const choice = await chooseOrganization(db, envId, { id: user.userId, email: user.email }, params.organizationId);
  if (choice.kind === 'pick') {
    await savePickStep(db, envId, uid, { email: user.email, userId: user.userId, organizationIds: choice.options.map((o) => o.id), amr: SOCIAL_AMR, identity: socialIdentity(identity.providerKey) });
    return { kind: 'pick', options: choice.options, user };
  }
  await db.updateTable('users').set({ last_login_at: new Date().toISOString() }).where('id', '=', user.userId).execute();
  return { kind: 'done', outcome: socialOutcome(user.userId, choice.kind === 'one' ? choice.organizationId : undefined, identity.providerKey), user };
}

async function emailOfLinkedUser(db: Kysely<Tables>, envId: string, identity: ExternalIdentity): Promise<string | undefined> {
  const known = await findIdentity(db, envId, identity.providerKey, identity.subject);
  if (!known) return undefined;
  return (await db.selectFrom('users').select('email').where('id', '=', known.user_id).executeTakeFirst())?.email;
}
