import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { compiledOnce } from '../../src/storage/compiled-once.js';
import { ensureDefaultEnvironments, findEnvironmentByName } from '../../src/modules/environments/environments.js';
import { createApiClient } from '../../src/modules/clients/api-clients.js';
import { DIALECTS, freshPostgresDatabase } from '../helpers/test-server.js';

/** A query compiled once answers as the same query built each time, for every value, on both dialects. */
for (const dialect of DIALECTS) {
  describe(`compiledOnce (${dialect.name})`, () => {
    let storage: Storage;
    let dataDir: string;
    let envId: string;
    const clientsOf = compiledOnce(['envId', 'prefix'], (db, p) =>
      db.selectFrom('api_clients').select('id').where('environment_id', '=', p.envId).where('id', 'like', p.prefix).where('id', '<>', 'constant-kept').orderBy('id'),
    );

    beforeAll(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-compiled-once-'));
      storage = await openStorage({ databaseUrl: dialect.databaseUrl ? await freshPostgresDatabase(dialect.databaseUrl) : undefined, dataDir });
      await migrateToLatest(storage);
      await ensureDefaultEnvironments(storage.db);
      envId = (await findEnvironmentByName(storage.db, 'development')).id;
      for (let i = 0; i < 3; i++) await createApiClient(storage.db, envId);
    });
    afterAll(async () => {
      await storage?.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('puts each run’s values in their places and keeps the query’s own constants', async () => {
      const built = (env: string) => storage.db.selectFrom('api_clients').select('id').where('environment_id', '=', env).where('id', 'like', 'skc_%').orderBy('id').execute();
      const all = await built(envId);
      expect(all.length).toBeGreaterThanOrEqual(3);
      expect(await clientsOf(storage.db, { envId, prefix: 'skc_%' })).toEqual(all);
      // Another run, other values: not the first run's answer.
      expect(await clientsOf(storage.db, { envId: 'env_none', prefix: 'skc_%' })).toEqual([]);
      expect(await clientsOf(storage.db, { envId, prefix: all[0].id })).toEqual([all[0]]);
    });

    it('runs inside a transaction on its handle', async () => {
      await storage.db.transaction().execute(async (trx) => {
        expect((await clientsOf(trx, { envId, prefix: '%' })).length).toBeGreaterThanOrEqual(3);
      });
    });

    it('refuses a query that does not use a named value', async () => {
      const broken = compiledOnce(['envId', 'unused'], (db, p) => db.selectFrom('api_clients').select('id').where('environment_id', '=', p.envId));
      await expect(broken(storage.db, { envId, unused: 1 })).rejects.toThrow(/does not use unused/);
    });
  });
}
