import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { invalidArgument } from '../errors/domain-error.js';
import { parseAllowedHosts } from '../egress/host-list.js';
import { validateSandboxLimits, type SandboxLimits } from '../tools/sandbox/sandbox-limits.js';
import { cachedSettings, forgetEnvironmentSettings } from './environment-settings-cache.js';

/** For a write that bypasses updateEnvironmentSettings (a test editing the table): seen at once, not after the TTL. */
export { forgetEnvironmentSettings, ENVIRONMENT_SETTINGS_TTL_MS } from './environment-settings-cache.js';

/**
 * Per-environment settings. Absent keys mean "not configured".
 * - `user_verification`: how OAuth consent is tied to the app's user (seed "Verify user identity"):
 *   `custom` (the app calls VerifyConnectedAccountUser) or `dashboard_users` (the consenting person
 *   must hold a signed-in Latchkey admin session).
 * - `proxy_allowed_hosts`: hosts or IP literals Latchkey may reach for this environment even though
 *   they resolve to loopback/private addresses (on-premise upstreams and tests): the Tool Proxy's
 *   upstreams and the OAuth token, refresh and userinfo endpoints (src/modules/egress). The name
 *   predates the OAuth use and is kept for compatibility. Stored canonical, de-duplicated and
 *   sorted (parseAllowedHosts); set by users through src/modules/egress/allowed-hosts.ts.
 */
export interface EnvironmentSettings {
  user_verification?: 'custom' | 'dashboard_users';
  proxy_allowed_hosts?: string[];
  /** Code tools' sandbox limits over the defaults (src/modules/tools/sandbox/sandbox-limits.ts). */
  code_tool_limits?: Partial<SandboxLimits>;
}

/**
 * The environment's settings, read per request by several modules (verification mode, egress
 * allow-list, sandbox limits): cached, seen at once after a write through this process and within
 * ENVIRONMENT_SETTINGS_TTL_MS (5 s) after one made elsewhere. Frozen: callers share the object.
 */
export function getEnvironmentSettings(db: Kysely<Tables>, envId: string): Promise<Readonly<EnvironmentSettings>> {
  return cachedSettings(db, envId, () => loadEnvironmentSettings(db, envId));
}

/**
 * The settings as stored now, refreshing the cache: for reads an operator makes right after a
 * change from elsewhere (`GET …/allowed-hosts` after `latchkey allowed-hosts set`).
 */
export function readEnvironmentSettings(db: Kysely<Tables>, envId: string): Promise<Readonly<EnvironmentSettings>> {
  forgetEnvironmentSettings(envId);
  return getEnvironmentSettings(db, envId);
}

async function loadEnvironmentSettings(db: Kysely<Tables>, envId: string): Promise<EnvironmentSettings> {
  const row = await db.selectFrom('environment_settings').select('settings').where('environment_id', '=', envId).executeTakeFirst();
  return deepFreeze(row ? (JSON.parse(row.settings) as EnvironmentSettings) : {});
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}

export function validateEnvironmentSettings(patch: Record<string, unknown>): EnvironmentSettings {
  const out: EnvironmentSettings = {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === 'user_verification') {
      if (v !== 'custom' && v !== 'dashboard_users') throw invalidArgument('user_verification', "must be 'custom' or 'dashboard_users'");
      out.user_verification = v;
    } else if (k === 'proxy_allowed_hosts') {
      out.proxy_allowed_hosts = parseAllowedHosts(v, 'proxy_allowed_hosts');
    } else if (k === 'code_tool_limits') {
      out.code_tool_limits = validateSandboxLimits(v, 'code_tool_limits');
    } else throw invalidArgument(k, 'is not a recognised environment setting (user_verification, proxy_allowed_hosts, code_tool_limits)');
  }
  return out;
}

/** Merges `patch` into the stored settings (keys present replace, others stay). */
export async function updateEnvironmentSettings(db: Kysely<Tables>, envId: string, patch: Record<string, unknown>): Promise<EnvironmentSettings> {
  // Read from the database, not the cache: a merge over a stale copy would undo another process's write.
  const next = { ...(await loadEnvironmentSettings(db, envId)), ...validateEnvironmentSettings(patch) };
  const now = new Date().toISOString();
  forgetEnvironmentSettings(envId);
  await db
    .insertInto('environment_settings')
    .values({ environment_id: envId, settings: JSON.stringify(next), updated_at: now })
    .onConflict((oc) => oc.column('environment_id').doUpdateSet({ settings: JSON.stringify(next), updated_at: now }))
    .execute();
  forgetEnvironmentSettings(envId);
  return next;
}
