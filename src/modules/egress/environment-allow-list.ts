import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { getEnvironmentSettings } from '../environments/environment-settings.js';
import { AllowList } from './ssrf-guard.js';

/** The non-public hosts Latchkey may reach for `envId` (its `proxy_allowed_hosts` setting). */
export async function environmentAllowList(db: Kysely<Tables>, envId: string): Promise<AllowList> {
  const hosts = (await getEnvironmentSettings(db, envId)).proxy_allowed_hosts ?? [];
  return hosts.length ? new AllowList(hosts) : AllowList.EMPTY;
}
