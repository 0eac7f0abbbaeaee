import { ChangeFeed } from '../modules/changes/change-feed.js';
import type { Config } from '../config/load-config.js';
import type { Logger } from '../logging/logger.js';
import { openStorage, type Storage } from '../storage/database.js';
import { migrateToLatest } from '../storage/migrate.js';
import { loadMasterKey } from '../modules/vault/master-key.js';
import { Vault } from '../modules/vault/vault.js';
import { SigningKeys } from '../modules/tokens/signing-keys.js';
import { AccessTokens } from '../modules/tokens/access-tokens.js';

/** Storage and the key material every surface needs; opened once per process. */
export interface Core {
  config: Config;
  log: Logger;
  storage: Storage;
  vault: Vault;
  signingKeys: SigningKeys;
  tokens: AccessTokens;
  /** Tells this process's caches what its own writes changed (see ChangeFeed). */
  changes: ChangeFeed;
  close(): Promise<void>;
}

export async function openCore(config: Config, log: Logger): Promise<Core> {
  const master = loadMasterKey({
    configured: config.masterKey,
    dataDir: config.dataDir,
    onGenerated: (file) =>
      log.warn(
        { file },
        'NO LATCHKEY_MASTER_KEY SET: generated a master key file. Every stored secret is encrypted with it; back it up, or set LATCHKEY_MASTER_KEY in production',
      ),
  });
  const storage = await openStorage({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const applied = await migrateToLatest(storage);
    if (applied.length) log.info({ applied, dialect: storage.dialect }, 'database migrated');
    const vault = new Vault(storage.db, master);
    await vault.init();
    const signingKeys = new SigningKeys(storage.db, vault, config.accessTokenTtlSeconds, log);
    await signingKeys.init();
    const tokens = new AccessTokens(signingKeys, config.publicUrl, config.accessTokenTtlSeconds);
    return { config, log, storage, vault, signingKeys, tokens, changes: new ChangeFeed(), close: () => storage.close() };
  } catch (err) {
    await storage.close().catch(() => undefined);
    throw err;
  }
}
