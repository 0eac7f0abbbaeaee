import type { Kysely } from 'kysely';
import type { Tables } from '../storage/schema.js';
import { ensureDefaultEnvironments, findEnvironmentByName } from '../modules/environments/environments.js';
import { countApiClients, createApiClient, type CreatedClient } from '../modules/clients/api-clients.js';

/**
 * First start: the default environments and one API client for `development`. Returns the
 * new client (its secret exists only in this return value) or undefined on later starts.
 */
export async function bootstrap(db: Kysely<Tables>): Promise<CreatedClient | undefined> {
  await ensureDefaultEnvironments(db);
  if ((await countApiClients(db)) > 0) return undefined;
  const dev = await findEnvironmentByName(db, 'development');
  return createApiClient(db, dev.id, 'created on first start');
}

/** The `.env` lines an app needs; SCALEKIT_ENV_URL is the name the seed docs use. */
export function credentialLines(publicUrl: string, client: { clientId: string; clientSecret: string }): string {
  return [
    `SCALEKIT_ENVIRONMENT_URL=${publicUrl}`,
    `SCALEKIT_ENV_URL=${publicUrl}`,
    `SCALEKIT_CLIENT_ID=${client.clientId}`,
    `SCALEKIT_CLIENT_SECRET=${client.clientSecret}`,
  ].join('\n');
}
