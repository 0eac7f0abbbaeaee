import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openStorage, type Storage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { ensureDefaultEnvironments, findEnvironmentByName } from '../../src/modules/environments/environments.js';
import {
  ENVIRONMENT_SETTINGS_TTL_MS,
  forgetEnvironmentSettings,
  getEnvironmentSettings,
  readEnvironmentSettings,
  updateEnvironmentSettings,
} from '../../src/modules/environments/environment-settings.js';
import { setVerificationMode, verificationModeOf } from '../../src/modules/authorization/verification-mode.js';
import { environmentAllowList } from '../../src/modules/egress/environment-allow-list.js';
import { sandboxLimitsFor, setSandboxLimits } from '../../src/modules/tools/sandbox/index.js';
import { DIALECTS, freshPostgresDatabase } from '../helpers/test-server.js';
import { runCli } from '../helpers/run-cli.js';

/** Only Date is faked (the TTL clock); the database drivers keep their real timers. */
const later = (ms: number) => vi.setSystemTime(Date.now() + ms);

// Each test starts from an empty cache (the fake clock of one test is not the next one's).
beforeEach(() => forgetEnvironmentSettings());
afterEach(() => {
  vi.useRealTimers();
});

for (const dialect of DIALECTS) {
  describe(`environment settings cache (${dialect.name})`, () => {
    let storage: Storage;
    let dataDir: string;
    let databaseUrl: string | undefined;
    let envId: string;
    let prodId: string;
    /** A change written by another process: the real CLI on the same database. */
    const cliSetsVerification = async (env: string, mode: string) => {
      const out = await runCli(['verification', 'set', '--env', env, '--mode', mode], {
        DATA_DIR: dataDir,
        PUBLIC_URL: 'http://127.0.0.1:1',
        LOG_LEVEL: 'error',
        LATCHKEY_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      });
      expect(out.stderr).toBe('');
      expect(out.code).toBe(0);
    };
    /** A change written past updateEnvironmentSettings, as another replica's would arrive. */
    const writeDirectly = async (id: string, settings: object) => {
      await storage.db.deleteFrom('environment_settings').where('environment_id', '=', id).execute();
      await storage.db.insertInto('environment_settings').values({ environment_id: id, settings: JSON.stringify(settings), updated_at: new Date().toISOString() }).execute();
    };

    beforeAll(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-settings-cache-'));
      databaseUrl = dialect.databaseUrl ? await freshPostgresDatabase(dialect.databaseUrl) : undefined;
      storage = await openStorage({ databaseUrl, dataDir });
      await migrateToLatest(storage);
      await ensureDefaultEnvironments(storage.db);
      envId = (await findEnvironmentByName(storage.db, 'development')).id;
      prodId = (await findEnvironmentByName(storage.db, 'production')).id;
    });
    afterAll(async () => {
      await storage?.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it("this process's writes are seen at once by every reader (verification mode, egress allow-list, sandbox limits)", async () => {
      expect(await verificationModeOf(storage.db, envId)).toBe('dashboard_users');
      expect((await environmentAllowList(storage.db, envId)).has('127.0.0.1')).toBe(false);
      expect((await sandboxLimitsFor(storage.db, envId)).cpuMs).toBe(250);

      await setVerificationMode(storage.db, envId, 'custom');
      expect(await verificationModeOf(storage.db, envId)).toBe('custom');
      await updateEnvironmentSettings(storage.db, envId, { proxy_allowed_hosts: ['127.0.0.1'] });
      expect((await environmentAllowList(storage.db, envId)).has('127.0.0.1')).toBe(true);
      await setSandboxLimits(storage.db, envId, { cpuMs: 100 });
      expect((await sandboxLimitsFor(storage.db, envId)).cpuMs).toBe(100);
      // Each write merged over what was stored, not over a cached copy.
      expect(await readEnvironmentSettings(storage.db, envId)).toEqual({ user_verification: 'custom', proxy_allowed_hosts: ['127.0.0.1'], code_tool_limits: { cpuMs: 100 } });

      // A write inside a transaction (another database handle) is seen at once too.
      await storage.db.transaction().execute((trx) => updateEnvironmentSettings(trx, envId, { user_verification: 'dashboard_users' }));
      expect(await verificationModeOf(storage.db, envId)).toBe('dashboard_users');
    });

    it('reads are cached: a write made elsewhere shows within the TTL, not before', async () => {
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
      const before = await getEnvironmentSettings(storage.db, prodId);
      expect(before.user_verification).toBeUndefined();
      expect(Object.isFrozen(before)).toBe(true); // shared by every caller

      await writeDirectly(prodId, { user_verification: 'custom' });
      expect(await getEnvironmentSettings(storage.db, prodId)).toBe(before);
      later(ENVIRONMENT_SETTINGS_TTL_MS - 100);
      expect(await verificationModeOf(storage.db, prodId)).toBeUndefined();
      later(200);
      expect(await verificationModeOf(storage.db, prodId)).toBe('custom');
    });

    it('a write by another process (the CLI) is seen within the TTL; an operator read shows it at once and refreshes the cache', async () => {
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
      expect(await verificationModeOf(storage.db, prodId)).toBe('custom');
      await cliSetsVerification('production', 'dashboard_users');
      expect(await verificationModeOf(storage.db, prodId)).toBe('custom');
      later(ENVIRONMENT_SETTINGS_TTL_MS + 1);
      expect(await verificationModeOf(storage.db, prodId)).toBe('dashboard_users');

      await cliSetsVerification('production', 'custom');
      expect(await verificationModeOf(storage.db, prodId)).toBe('dashboard_users');
      expect((await readEnvironmentSettings(storage.db, prodId)).user_verification).toBe('custom');
      expect(await verificationModeOf(storage.db, prodId)).toBe('custom');
    }, 60_000);

    it('a read that raced a write does not keep what it read before the write', async () => {
      await updateEnvironmentSettings(storage.db, envId, { user_verification: 'custom' });
      const racing = getEnvironmentSettings(storage.db, envId); // in flight while the write lands
      await updateEnvironmentSettings(storage.db, envId, { user_verification: 'dashboard_users' });
      await racing;
      expect(await verificationModeOf(storage.db, envId)).toBe('dashboard_users');
    });
  });
}
