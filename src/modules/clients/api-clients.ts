import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { newId, randomToken } from '../../storage/ids.js';
import { hashSecret, secretMatches } from './secret-hash.js';

export interface CreatedClient {
  clientId: string;
  /** Shown once; only its hash is stored. */
  clientSecret: string;
  environmentId: string;
}

export interface AuthenticatedClient {
  clientId: string;
  environmentId: string;
}

const SECRET_PREFIX = 'lk_sec_';

export async function createApiClient(db: Kysely<Tables>, environmentId: string, description = ''): Promise<CreatedClient> {
  const clientId = newId('skc');
  const clientSecret = SECRET_PREFIX + randomToken(32);
  await db
    .insertInto('api_clients')
    .values({
      id: clientId,
      environment_id: environmentId,
      secret_hash: hashSecret(clientSecret),
      secret_hint: clientSecret.slice(-4),
      description,
      created_at: new Date().toISOString(),
      last_used_at: null,
    })
    .execute();
  return { clientId, clientSecret, environmentId };
}

/**
 * Returns the client when id and secret match, else undefined. The hash is computed even for
 * an unknown id so timing does not reveal which client ids exist.
 */
export async function authenticateApiClient(db: Kysely<Tables>, clientId: string, clientSecret: string): Promise<AuthenticatedClient | undefined> {
  const row = await db.selectFrom('api_clients').select(['id', 'environment_id', 'secret_hash']).where('id', '=', clientId).executeTakeFirst();
  const ok = secretMatches(clientSecret, row?.secret_hash ?? 'x'.repeat(43));
  if (!row || !ok) return undefined;
  await db.updateTable('api_clients').set({ last_used_at: new Date().toISOString() }).where('id', '=', row.id).execute();
  return { clientId: row.id, environmentId: row.environment_id };
}

export async function countApiClients(db: Kysely<Tables>): Promise<number> {
  const r = await db.selectFrom('api_clients').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
