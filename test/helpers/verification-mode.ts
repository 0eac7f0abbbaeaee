import type { Kysely } from 'kysely';
import type { Tables } from '../../src/storage/schema.js';
import { forgetEnvironmentSettings } from '../../src/modules/environments/environment-settings.js';

/**
 * Drops the environment's user verification mode, leaving its other settings: the state of a
 * development environment created before new ones started in `dashboard_users`.
 */
export async function forgetVerificationMode(db: Kysely<Tables>, envId: string): Promise<void> {
  const row = await db.selectFrom('environment_settings').select('settings').where('environment_id', '=', envId).executeTakeFirst();
  if (!row) return;
  const { user_verification: _dropped, ...rest } = JSON.parse(row.settings) as Record<string, unknown>;
  await db.updateTable('environment_settings').set({ settings: JSON.stringify(rest) }).where('environment_id', '=', envId).execute();
  // A write past updateEnvironmentSettings: without this the server would see it only after the settings cache's TTL.
  forgetEnvironmentSettings(envId);
}
