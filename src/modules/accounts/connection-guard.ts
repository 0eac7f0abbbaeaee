import { connectionDeletionGuards } from '../connections/deletion-guards.js';
import { countAccounts } from './account-lookup.js';

/**
 * A connection with connected accounts cannot be deleted: the accounts would lose their provider
 * and credentials' meaning. Deleting a custom provider in use is refused for the same reason, one
 * level up (the provider's connections must go first). Registered once, at module load.
 */
connectionDeletionGuards.push(async (db, envId, connectionId) => {
  const n = await countAccounts(db, envId, connectionId);
  if (!n) return undefined;
  return `${n} connected account${n === 1 ? ' uses' : 's use'} it; delete ${n === 1 ? 'it' : 'them'} first (DeleteConnectedAccount / POST /api/v1/connected_accounts:delete)`;
});
