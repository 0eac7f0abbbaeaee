import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { ChangeFeed } from '../changes/change-feed.js';
import { readEnvironmentSettings, updateEnvironmentSettings } from '../environments/environment-settings.js';
import { parseAllowedHosts } from './host-list.js';

export { MAX_ALLOWED_HOSTS } from './host-list.js';

/**
 * An environment's `proxy_allowed_hosts`: the non-public hosts and IP addresses Latchkey may reach
 * for it (Tool Proxy upstreams; OAuth token, refresh and userinfo endpoints). Empty when unset.
 */
export async function allowedHostsOf(db: Kysely<Tables>, envId: string): Promise<string[]> {
  // Read from the database (operators' reads, right after a CLI change); the egress guard's cache is refreshed on the way.
  return [...((await readEnvironmentSettings(db, envId)).proxy_allowed_hosts ?? [])];
}

/**
 * Replaces the environment's allow-list with `hosts` (validated, see parseAllowedHost; stored
 * canonical, de-duplicated and sorted; `[]` clears it) and tells this process's caches through
 * `changes`, so the Tool Proxy's next call uses it. Other processes see it within their caches'
 * TTL. Returns the stored list. Nothing is written when an entry is refused.
 */
export async function setAllowedHosts(db: Kysely<Tables>, envId: string, hosts: unknown, changes: ChangeFeed): Promise<string[]> {
  const list = parseAllowedHosts(hosts, 'hosts');
  await updateEnvironmentSettings(db, envId, { proxy_allowed_hosts: list });
  changes.environmentChanged(envId);
  return list;
}
