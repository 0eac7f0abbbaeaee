import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { invalidArgument } from '../errors/domain-error.js';
import { PASSWORDLESS_TYPES, type PasswordlessType } from './passwordless-types.js';

/** The environment's configured type, or undefined when it chose none. */
export async function passwordlessTypeSetting(db: Kysely<Tables>, envId: string): Promise<PasswordlessType | undefined> {
  const row = await db.selectFrom('passwordless_settings').select('passwordless_type').where('environment_id', '=', envId).executeTakeFirst();
  return row?.passwordless_type;
}

/** Sets the type (OTP, LINK, LINK_OTP), or clears it with null. */
export async function setPasswordlessType(db: Kysely<Tables>, envId: string, value: unknown): Promise<PasswordlessType | undefined> {
  if (value === null) {
    await db.deleteFrom('passwordless_settings').where('environment_id', '=', envId).execute();
    return undefined;
  }
  if (typeof value !== 'string' || !(PASSWORDLESS_TYPES as readonly string[]).includes(value)) {
    throw invalidArgument('passwordless_type', `must be one of ${PASSWORDLESS_TYPES.join(', ')} (or null to clear it)`);
  }
  const row = { environment_id: envId, passwordless_type: value as PasswordlessType, updated_at: new Date().toISOString() };
  await db
    .insertInto('passwordless_settings')
    .values(row)
    .onConflict((oc) => oc.column('environment_id').doUpdateSet({ passwordless_type: row.passwordless_type, updated_at: row.updated_at }))
    .execute();
  return row.passwordless_type;
}

/**
 * The descriptors carry no type on the request, so it is the environment's setting; unset, a request
 * with a magic-link URI gets LINK_OTP (link and code) and one without gets OTP.
 */
export function typeFor(setting: PasswordlessType | undefined, magiclinkAuthUri: string | undefined): PasswordlessType {
  if (setting) {
    if (setting !== 'OTP' && !magiclinkAuthUri) {
      throw invalidArgument('magiclink_auth_uri', `is required: this environment sends magic links (passwordless type ${setting})`);
    }
    return setting;
  }
  return magiclinkAuthUri ? 'LINK_OTP' : 'OTP';
}
