import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { SignInIdentity, SignInOutcome } from '../sign-in/sign-in-outcome.js';
import { findOrCreateUser } from '../users/users.js';
import { acceptInvitationsAtSignIn } from './accept-invitations-at-sign-in.js';
import { clearLoginState, savePickStep } from './login-state.js';
import { chooseOrganization, type OrganizationOption } from './organization-choice.js';

export type SignInStep = { kind: 'done'; outcome: SignInOutcome } | { kind: 'pick'; options: OrganizationOption[] };

export const PASSWORDLESS_IDENTITY: SignInIdentity = Object.freeze({ connectionType: 'PASSWORDLESS', providerName: 'passwordless', social: false });

export const outcomeOf = (userId: string, organizationId: string | undefined, amr: string[], identity: SignInIdentity = PASSWORDLESS_IDENTITY): SignInOutcome => ({
  userId,
  ...(organizationId ? { organizationId } : {}),
  identity: { ...identity },
  amr,
});

export async function markSignedIn(db: Kysely<Tables>, userId: string): Promise<void> {
  await db.updateTable('users').set({ last_login_at: new Date().toISOString() }).where('id', '=', userId).execute();
}

/**
 * What every login method does once it knows the user, as named steps: accept their open
 * invitations → choose the organization (the request's, the only one, none, or a pick page that
 * keeps how they signed in) → the outcome for the authorization server.
 */
export async function enterOrganization(
  db: Kysely<Tables>,
  envId: string,
  uid: string,
  person: { userId: string; email: string },
  how: { amr: string[]; identity: SignInIdentity },
  requestedOrganization: string | undefined,
): Promise<SignInStep> {
  await acceptInvitationsAtSignIn(db, envId, person.userId);
  const choice = await chooseOrganization(db, envId, { id: person.userId, email: person.email }, requestedOrganization);
  if (choice.kind === 'pick') {
    await savePickStep(db, envId, uid, { email: person.email, userId: person.userId, organizationIds: choice.options.map((o) => o.id), amr: how.amr, identity: how.identity });
    return { kind: 'pick', options: choice.options };
  }
  await clearLoginState(db, uid);
  await markSignedIn(db, person.userId);
  return { kind: 'done', outcome: outcomeOf(person.userId, choice.kind === 'one' ? choice.organizationId : undefined, how.amr, how.identity) };
}

/** A proven email becomes a signed-in person: the one user of that email (created on first sign-in: sign-up) → enterOrganization. */
export async function signInPerson(db: Kysely<Tables>, envId: string, uid: string, proven: { email: string; amr: string[] }, requestedOrganization: string | undefined): Promise<SignInStep> {
  const { row } = await findOrCreateUser(db, envId, { email: proven.email });
  return enterOrganization(db, envId, uid, { userId: row.id, email: row.email }, { amr: proven.amr, identity: PASSWORDLESS_IDENTITY }, requestedOrganization);
}
