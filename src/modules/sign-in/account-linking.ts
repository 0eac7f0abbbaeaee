import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { DomainError } from '../errors/domain-error.js';
import { findOrCreateUser } from '../users/users.js';
import { normalizeEmail } from '../users/validate-user.js';
import { findIdentity, insertIdentity, touchIdentity } from './account-linking-identities.js';

/** Who a social provider says signed in. `subject` is its stable id; the email may change. */
export interface ExternalIdentity {
  providerKey: string;
  subject: string;
  email: string | undefined;
  /** True only when the provider itself says it verified the address (`email_verified`, GitHub's `verified`). */
  emailVerified: boolean;
  name?: string;
  givenName?: string;
  familyName?: string;
  picture?: string;
  locale?: string;
}

export interface LinkedUser {
  userId: string;
  email: string;
  /** `returning`: found by (provider, subject); `linked`: joined an existing user by verified email; `created`: a new user. */
  how: 'returning' | 'linked' | 'created';
}

/** Refused: no user is found, linked or created (see linkExternalIdentity). */
export const EMAIL_NOT_VERIFIED = (provider: string) =>
  new DomainError('failed_precondition', `${provider} did not confirm that this email address is verified, so it cannot sign in to an account by it`, { reason: 'SOCIAL_EMAIL_NOT_VERIFIED' });

/**
 * The seeds' account-linking rule, one user per email, in three steps:
 * 1. find_by_subject — a returning identity signs in as the user it was linked to, whatever email
 *    the provider shows now (an address changed at the provider neither moves nor merges accounts);
 * 2. require_verified_email — a first sign-in needs an email the provider verified. An unverified
 *    one creates NOTHING: linking it would hand an existing account to whoever typed the address,
 *    and a user created for it would be inherited by the address's real owner at their later
 *    sign-up, with the attacker's identity still attached (pre-account takeover);
 * 3. link_or_create — the user with that email gets the identity linked, or a new user is made.
 */
export async function linkExternalIdentity(db: Kysely<Tables>, envId: string, id: ExternalIdentity, providerName = id.providerKey): Promise<LinkedUser> {
  const known = await findIdentity(db, envId, id.providerKey, id.subject);
  if (known) {
    await touchIdentity(db, known, id.email, id.emailVerified);
    const user = await db.selectFrom('users').select(['id', 'email']).where('id', '=', known.user_id).executeTakeFirstOrThrow();
    return { userId: user.id, email: user.email, how: 'returning' };
  }
  if (!id.email || !id.emailVerified) throw EMAIL_NOT_VERIFIED(providerName);
  const email = normalizeEmail(id.email);
  const { row, created } = await findOrCreateUser(db, envId, {
    email,
    profile: { ...profileOf(id), emailVerified: true },
  });
  const link = await insertIdentity(db, envId, { userId: row.id, providerKey: id.providerKey, subject: id.subject, email, emailVerified: true });
  if (link.user_id !== row.id) {
    const winner = await db.selectFrom('users').select(['id', 'email']).where('id', '=', link.user_id).executeTakeFirstOrThrow();
    return { userId: winner.id, email: winner.email, how: 'returning' };
  }
  return { userId: row.id, email: row.email, how: created ? 'created' : 'linked' };
}

/** What the provider tells about the person, trimmed to what a user profile accepts (a provider's odd value never blocks a sign-in). */
function profileOf(id: ExternalIdentity) {
  const short = (s: string | undefined) => (typeof s === 'string' && s.trim() ? s.trim().slice(0, 255) : undefined);
  const picture = short(id.picture);
  return {
    givenName: short(id.givenName),
    familyName: short(id.familyName),
    name: short(id.name),
    locale: short(id.locale),
    picture: picture && /^https?:\/\//.test(picture) ? picture : undefined,
  };
}
