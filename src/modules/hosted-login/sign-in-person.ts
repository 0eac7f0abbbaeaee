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

/**
 * A proven email becomes a signed-in person, as named steps: the one user of that email (created
 * on first sign-in: sign-up) → accept their open invitations → choose the organization (the
 * request's, the only one, none, or a pick page) → the outcome for the authorization server.
 */
export async function signInPerson(db: Kysely<Tables>, envId: string, uid: string, proven: { email: string; amr: string[] }, requestedOrganization: string | undefined): Promise<SignInStep> {
  const { row } = await findOrCreateUser(db, envId, { email: proven.email });
  await acceptInvitationsAtSignIn(db, envId, row.id);
  const choice = await chooseOrganization(db, envId, { id: row.id, email: row.email }, requestedOrganization);
  if (choice.kind === 'pick') {
    await savePickStep(db, envId, uid, { email: row.email, userId: row.id, organizationIds: choice.options.map((o) => o.id), amr: proven.amr, identity: PASSWORDLESS_IDENTITY });
    return { kind: 'pick', options: choice.options };
  }
  await clearLoginState(db, uid);
  await db.updateTable('users').set({ last_login_at: new Date().toISOString() }).where('id', '=', row.id).execute();
  return { kind: 'done', outcome: outcomeOf(row.id, choice.kind === 'one' ? choice.organizationId : undefined, proven.amr) };
}
