import type { Config } from '../config/load-config.js';
import type { Logger } from '../logging/logger.js';
import { openCore } from '../server/core.js';
import { ensureDefaultEnvironments, findEnvironmentByName } from '../modules/environments/environments.js';
import { createApiClient } from '../modules/clients/api-clients.js';
import { credentialLines } from '../server/bootstrap.js';

/** `latchkey migrate`: applies pending migrations (openCore migrates) and exits. */
export async function migrateCommand(config: Config, log: Logger): Promise<void> {
  const core = await openCore(config, log);
  await ensureDefaultEnvironments(core.storage.db);
  await core.close();
  process.stdout.write(`database is up to date (${core.storage.dialect})\n`);
}

/** `latchkey clients create --env <name>`: prints the .env lines for a new API client. */
export async function createClientCommand(config: Config, log: Logger, envName: string): Promise<void> {
  const core = await openCore(config, log);
  try {
    await ensureDefaultEnvironments(core.storage.db);
    const env = await findEnvironmentByName(core.storage.db, envName);
    const client = await createApiClient(core.storage.db, env.id, 'created with the CLI');
    process.stdout.write(credentialLines(config.publicUrl, client) + '\n');
  } finally {
    await core.close();
  }
}

/** `latchkey keys rotate`: new token-signing key and data key; old ones keep verifying/decrypting. */
export async function rotateKeysCommand(config: Config, log: Logger): Promise<void> {
  const core = await openCore(config, log);
  try {
    const dek = await core.vault.rotate();
    const kid = await core.signingKeys.rotate();
    process.stdout.write(
      `new signing key ${kid}; new data key ${dek}. Running servers sign new tokens with the new key at once; ` +
        `the previous signing key stays in /keys for ${core.signingKeys.retentionSeconds}s, so tokens it signed keep working until they expire.\n`,
    );
  } finally {
    await core.close();
  }
}
