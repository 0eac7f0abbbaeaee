import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { SocialIdentityRow } from '../../storage/schema-social-login.js';
import { newId } from '../../storage/ids.js';

/** The identity a provider's (key, subject) names in the environment, if it was ever linked. */
export function findIdentity(db: Kysely<Tables>, envId: string, providerKey: string, subject: string): Promise<SocialIdentityRow | undefined> {
  return db
    .selectFrom('social_identities')
    .selectAll()
    .where('environment_id', '=', envId)
    .where('provider_key', '=', providerKey)
    .where('subject', '=', subject)
    .executeTakeFirst();
}

/** Records what the provider said this time; the link itself (user_id) never moves. */
export async function touchIdentity(db: Kysely<Tables>, row: SocialIdentityRow, email: string | undefined, emailVerified: boolean): Promise<void> {
  await db
    .updateTable('social_identities')
    .set({ email: email ?? null, email_verified: emailVerified ? 1 : 0, last_login_at: new Date().toISOString() })
    .where('id', '=', row.id)
    .execute();
}

/**
 * Links (key, subject) to `userId`. Two first sign-ins of one identity at once: the unique index
 * keeps the first link, and both get its user.
 */
export async function insertIdentity(
  db: Kysely<Tables>,
  envId: string,
  i: { userId: string; providerKey: string; subject: string; email: string; emailVerified: boolean },
): Promise<SocialIdentityRow> {
  const now = new Date().toISOString();
  const row: SocialIdentityRow = {
    id: newId('sci'),
    environment_id: envId,
    user_id: i.userId,
    provider_key: i.providerKey,
    subject: i.subject,
    email: i.email,
    email_verified: i.emailVerified ? 1 : 0,
    created_at: now,
    last_login_at: now,
  };
  const r = await db.insertInto('social_identities').values(row).onConflict((oc) => oc.columns(['environment_id', 'provider_key', 'subject']).doNothing()).executeTakeFirst();
  if (Number(r.numInsertedOrUpdatedRows ?? 0n) === 1) return row;
  return (await findIdentity(db, envId, i.providerKey, i.subject))!;
}

/** A user's linked identities (the user object's `identities`, for apps that read them). */
export function identitiesOf(db: Kysely<Tables>, envId: string, userId: string): Promise<SocialIdentityRow[]> {
  return db.selectFrom('social_identities').selectAll().where('environment_id', '=', envId).where('user_id', '=', userId).orderBy('id').execute();
}
