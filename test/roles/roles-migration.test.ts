import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Migrator } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../../src/storage/database.js';
import { migrationProvider } from '../../src/storage/migrations/index.js';
import { DIALECTS, freshPostgresDatabase } from '../helpers/test-server.js';

const opened: Storage[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

for (const dialect of DIALECTS) {
  describe(`migration 0013 (${dialect.name})`, () => {
    it('gives environments that exist already the seed roles and defaults, and goes down cleanly', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-roles-migration-'));
      dirs.push(dir);
      const storage = await openStorage({ databaseUrl: dialect.databaseUrl ? await freshPostgresDatabase(dialect.databaseUrl) : undefined, dataDir: dir });
      opened.push(storage);
      const db = storage.db as any;
      const migrator = new Migrator({ db, provider: migrationProvider });
      const { error } = await migrator.migrateTo('0012-users');
      expect(error).toBeUndefined();
      await db.insertInto('environments').values([{ id: 'env_old1', name: 'old1', created_at: new Date().toISOString() }, { id: 'env_old2', name: 'old2', created_at: new Date().toISOString() }]).execute();

      const up = await migrator.migrateTo('0013-roles-domains-tokens');
      expect(up.error).toBeUndefined();
      const roles = await db.selectFrom('roles').select(['environment_id', 'name']).orderBy('environment_id').orderBy('name').execute();
      expect(roles.map((r: any) => `${r.environment_id}:${r.name}`)).toEqual(['env_old1:admin', 'env_old1:member', 'env_old2:admin', 'env_old2:member']);
      const defaults = await db.selectFrom('role_defaults').selectAll().orderBy('environment_id').execute();
      expect(defaults.map((d: any) => [d.environment_id, d.default_member_role, d.default_creator_role])).toEqual([
        ['env_old1', 'member', 'admin'],
        ['env_old2', 'member', 'admin'],
      ]);

      const down = await migrator.migrateTo('0012-users');
      expect(down.error).toBeUndefined();
      await expect(db.selectFrom('roles').selectAll().execute()).rejects.toThrow();
    });
  });
}
