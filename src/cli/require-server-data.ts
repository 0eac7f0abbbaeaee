import fs from 'node:fs';
import path from 'node:path';
import type { Settings } from '../config/load-settings.js';
import { SettingsError } from '../config/settings-error.js';
import { SQLITE_FILE } from '../storage/database.js';
import { MASTER_KEY_FILE } from '../modules/vault/master-key.js';

/**
 * CLI commands act on an existing server's data. Run with other settings than the server's, they
 * used to create a second database and master key silently and print a client the server refused.
 * `migrate` may create (it prepares a deployment); every other command refuses and creates nothing.
 */
export function requireServerData(settings: Settings, opts: { mayCreate: boolean }): void {
  const { config, record } = settings;
  if (record && record.database !== 'sqlite' && !config.databaseUrl) {
    throw new SettingsError(
      `the server started in ${settings.workDir} at ${record.startedAt} uses PostgreSQL (${record.database}), but DATABASE_URL is not set for this command; ` +
        `nothing was changed. Set DATABASE_URL and LATCHKEY_MASTER_KEY as the server has them, in ${settings.envFile} or the environment.`,
    );
  }
  if (opts.mayCreate) return;
  const missing: string[] = [];
  if (!config.databaseUrl && !fs.existsSync(path.join(config.dataDir, SQLITE_FILE))) missing.push(`no database (${SQLITE_FILE})`);
  if (!config.masterKey && !fs.existsSync(path.join(config.dataDir, MASTER_KEY_FILE))) missing.push(`no ${MASTER_KEY_FILE} and LATCHKEY_MASTER_KEY is not set`);
  if (!missing.length) return;
  const found = (file: string, yes: boolean) => `${file} (${yes ? 'read' : 'not found'})`;
  throw new SettingsError(
    [
      `no Latchkey server data in ${config.dataDir} (DATA_DIR from ${settings.sourceOf('DATA_DIR')}): ${missing.join('; ')}.`,
      `This command works on an existing server's data, so it stopped and created nothing.`,
      `Settings looked at: the environment, ${found(settings.envFile, settings.envFileFound)}, ${found(settings.recordFile, settings.record !== undefined)}.`,
      `Run it in the directory you start the server from (the server records its settings there on every start), or point it at the server's data:`,
      `DATA_DIR=/path/to/the/server's/data (PostgreSQL: DATABASE_URL and LATCHKEY_MASTER_KEY as the server has them), in the environment or in ${settings.envFile}.`,
      `To start a new server here instead: npx latchkey serve (or npm start).`,
    ].join('\n'),
  );
}
