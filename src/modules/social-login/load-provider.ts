import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { SocialProviderRow } from '../../storage/schema-social-login.js';
import { findSocialProviderRow } from './social-providers.js';
import { socialError } from './social-login-error.js';

/** load_provider — the environment's provider by key, when it is configured and enabled. */
export async function loadEnabledProvider(db: Kysely<Tables>, envId: string, key: string): Promise<SocialProviderRow> {
  const row = /^[a-z][a-z0-9-]{1,39}$/.test(key) ? await findSocialProviderRow(db, envId, key) : undefined;
  if (!row || row.enabled !== 1) {
    throw socialError('invalid_request', 'This sign-in option is not available', 'The app does not offer this way of signing in (any more). Go back and choose another one.', 404);
  }
  return row;
}
