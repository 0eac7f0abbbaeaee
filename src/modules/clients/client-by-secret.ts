import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { AuthenticatedClient } from './api-clients.js';
import { hashSecret, secretMatches } from './secret-hash.js';

/** The shape of every secret createApiClient issues: `lk_sec_` + 32 random bytes in base64url. */
const CLIENT_SECRET_FORMAT = /^lk_sec_[A-Za-z0-9_-]{43}$/;

/** Whether a bearer value is a raw client secret (the seed's `Bearer ${SCALEKIT_CLIENT_SECRET}`) rather than an access token. */
export const looksLikeClientSecret = (value: string): boolean => CLIENT_SECRET_FORMAT.test(value);

/**
 * The client a raw secret belongs to, or undefined. A secret carries 256 random bits, so its
 * SHA-256 is a safe lookup key (the index of migration 0010): nothing about other clients can be
 * learned from the lookup, and the stored hash is compared in constant time all the same.
 */
export async function clientBySecret(db: Kysely<Tables>, secret: string): Promise<AuthenticatedClient | undefined> {
  if (!looksLikeClientSecret(secret)) return undefined;
  const row = await db.selectFrom('api_clients').select(['id', 'environment_id', 'secret_hash']).where('secret_hash', '=', hashSecret(secret)).executeTakeFirst();
  if (!row || !secretMatches(secret, row.secret_hash)) return undefined;
  await db.updateTable('api_clients').set({ last_used_at: new Date().toISOString() }).where('id', '=', row.id).execute();
  return { clientId: row.id, environmentId: row.environment_id };
}
