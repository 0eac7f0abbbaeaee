import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { HostedLoginStateRow } from '../../storage/schema-hosted-login.js';
import type { SignInIdentity } from '../sign-in/sign-in-outcome.js';

/**
 * Where one login interaction stands between page loads, keyed by the authorization server's
 * interaction id (which only the browser holding the interaction cookie can use).
 */
export interface LoginState {
  email: string;
  authRequestId: string | undefined;
  /** Set when the email is proven and the person still picks one of `organizationChoices`. */
  userId: string | undefined;
  organizationChoices: string[];
  amr: string[];
  identity: SignInIdentity | undefined;
}

const fromRow = (r: HostedLoginStateRow): LoginState => ({
  email: r.email,
  authRequestId: r.auth_request_id ?? undefined,
  userId: r.user_id ?? undefined,
  organizationChoices: r.organization_choices ? (JSON.parse(r.organization_choices) as string[]) : [],
  amr: r.amr ? (JSON.parse(r.amr) as string[]) : [],
  identity: r.identity ? (JSON.parse(r.identity) as SignInIdentity) : undefined,
});

export async function loadLoginState(db: Kysely<Tables>, envId: string, uid: string): Promise<LoginState | undefined> {
  const row = await db.selectFrom('hosted_login_states').selectAll().where('interaction_uid', '=', uid).where('environment_id', '=', envId).executeTakeFirst();
  return row ? fromRow(row) : undefined;
}

/** A new email step replaces whatever the interaction had (e.g. "use a different email"). */
export async function saveEmailStep(db: Kysely<Tables>, envId: string, uid: string, email: string, authRequestId: string): Promise<void> {
  const now = new Date().toISOString();
  const set = { email, auth_request_id: authRequestId, user_id: null, organization_choices: null, amr: null, identity: null, updated_at: now };
  await db
    .insertInto('hosted_login_states')
    .values({ interaction_uid: uid, environment_id: envId, created_at: now, ...set })
    .onConflict((oc) => oc.column('interaction_uid').doUpdateSet(set))
    .execute();
}

/** A pick the page offers next: who was proven, how, and the organizations to choose from. */
export interface PickOffer {
  email: string;
  userId: string;
  organizationIds: string[];
  amr: string[];
  identity: SignInIdentity;
}

/**
 * The person is proven and has several organizations: the interaction's next page is the pick.
 * Any login method may offer it (social login too: it then sends the browser to /ui/login).
 */
export async function savePickStep(db: Kysely<Tables>, envId: string, uid: string, offer: PickOffer): Promise<void> {
  const now = new Date().toISOString();
  const set = {
    email: offer.email, auth_request_id: null, user_id: offer.userId, organization_choices: JSON.stringify(offer.organizationIds),
    amr: JSON.stringify(offer.amr), identity: JSON.stringify(offer.identity), updated_at: now,
  };
  await db
    .insertInto('hosted_login_states')
    .values({ interaction_uid: uid, environment_id: envId, created_at: now, ...set })
    .onConflict((oc) => oc.column('interaction_uid').doUpdateSet(set))
    .execute();
}

/**
 * Takes the pick step once: the row goes, so a replayed pick POST finds nothing. Answers the
 * state it held, or undefined when another request took it first.
 */
export async function takePickStep(db: Kysely<Tables>, envId: string, uid: string): Promise<LoginState | undefined> {
  const state = await loadLoginState(db, envId, uid);
  if (!state?.userId) return undefined;
  const r = await db.deleteFrom('hosted_login_states').where('interaction_uid', '=', uid).where('user_id', '=', state.userId).executeTakeFirst();
  return Number(r.numDeletedRows) === 1 ? state : undefined;
}

export async function clearLoginState(db: Kysely<Tables>, uid: string): Promise<void> {
  await db.deleteFrom('hosted_login_states').where('interaction_uid', '=', uid).execute();
}

/** Rows of interactions long gone (the authorization server's interactions live far shorter than a day). */
export async function sweepLoginStates(db: Kysely<Tables>, olderThan: Date): Promise<number> {
  const r = await db.deleteFrom('hosted_login_states').where('created_at', '<', olderThan.toISOString()).executeTakeFirst();
  return Number(r.numDeletedRows);
}
