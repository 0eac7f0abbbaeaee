import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { getEnvironmentSettings } from '../environments/environment-settings.js';
import { AllowList } from './ssrf-guard.js';

/** The non-public hosts Latchkey may reach for `envId` (its `proxy_allowed_hosts` setting). */
export async function environmentAllowList(db: Kysely<Tables>, envId: string): Promise<AllowList> {
  const settings = await getEnvironmentSettings(db, envId);
  let allow = derived.get(settings);
  if (!allow) derived.set(settings, (allow = settings.proxy_allowed_hosts?.length ? new AllowList(settings.proxy_allowed_hosts) : AllowList.EMPTY));
  return allow;
}

// Per cached settings object (a new one after every write): a code tool's every httpRequest no longer rebuilds the list.
const derived = new WeakMap<object, AllowList>();
