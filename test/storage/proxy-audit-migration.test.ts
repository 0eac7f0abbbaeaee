import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Migrator, sql, type Kysely } from 'kysely';
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

/** An empty database, nothing migrated. */
async function emptyStorage(databaseUrl?: string): Promise<Storage> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-migration-'));
  dirs.push(dir);
  const url = databaseUrl ? await freshPostgresDatabase(databaseUrl) : undefined;
  const s = await openStorage({ databaseUrl: url, dataDir: dir });
  opened.push(s);
  return s;
}

async function expectMigrated(step: Promise<{ error?: unknown; results?: Array<{ migrationName: string; status: string }> }>, expected: Array<[string, string]>) {
  const { error, results } = await step;
  expect(error).toBeUndefined();
  expect((results ?? []).map((r) => [r.migrationName, r.status])).toEqual(expected);
}

const ROWS = 13;
/** Ids as the writer made them before 0006: one time-ordered base plus a fixed-width base-36 sequence. */
const oldId = (n: number) => `pxa_01jz8k3m4n5p6q7r8s9t0v1w2x_${(36 ** 7 + n).toString(36)}`;
/** The text ids 0006's down migration makes of integer ids: zero-padded to 18 digits so text order is numeric order. */
const downId = (n: number) => `pxa_${String(n).padStart(18, '0')}`;

const auditValues = (id: string | undefined, envId: string, n: number) => ({
  ...(id === undefined ? {} : { id }),
  environment_id: envId,
  connection_id: `con_${n}`,
  connection_name: `conn-${n}`,
  account_id: n % 2 ? `ca_${n}` : null,
  identifier: `user_${n}`,
  method: 'POST',
  path: `/call/${n}`,
  status: 200 + n,
  latency_ms: n * 10,
  error_code: n % 3 ? null : 'UPSTREAM_TIMEOUT',
  created_at: new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString(),
});

type AuditRow = ReturnType<typeof auditValues> & { id: unknown };
const byId = (db: Kysely<any>) => db.selectFrom('proxy_audit').selectAll().orderBy('id').execute() as Promise<AuditRow[]>;

async function indexNames(storage: Storage): Promise<string[]> {
  const q =
    storage.dialect === 'postgres'
      ? sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'proxy_audit' order by indexname`
      : sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'proxy_audit' and name not like 'sqlite_autoindex%' order by name`;
  return (await q.execute(storage.db)).rows.map((r) => r.name);
}

for (const dialect of DIALECTS) {
  describe(`migration 0006-proxy-audit-compact (${dialect.name})`, () => {
    it('keeps old rows in id order with integer ids, drops the foreign key, and migrates down and up again', async () => {
      const storage = await emptyStorage(dialect.databaseUrl);
      const db = storage.db as unknown as Kysely<any>;
      const migrator = new Migrator({ db, provider: migrationProvider });
      await expectMigrated(migrator.migrateTo('0005-admin-sessions'), [
        ['0001-foundation', 'Success'],
        ['0002-providers-connections', 'Success'],
        ['0003-connected-accounts', 'Success'],
        ['0004-proxy-audit', 'Success'],
        ['0005-admin-sessions', 'Success'],
      ]);

      await db.insertInto('environments').values({ id: 'env_mig', name: 'mig', created_at: new Date(0).toISOString() }).execute();
      // Inserted out of id order: the copy must follow the old ids (creation order), not the heap order.
      const order = Array.from({ length: ROWS }, (_, i) => i + 1).sort((a, b) => ((a * 5) % ROWS) - ((b * 5) % ROWS));
      for (const n of order) await db.insertInto('proxy_audit').values(auditValues(oldId(n), 'env_mig', n)).execute();
      // 0004's table refuses rows of unknown environments.
      await expect(db.insertInto('proxy_audit').values(auditValues(oldId(99), 'env_missing', 99)).execute()).rejects.toThrow();

      await expectMigrated(migrator.migrateTo('0006-proxy-audit-compact'), [['0006-proxy-audit-compact', 'Success']]);
      let rows = await byId(db);
      expect(rows).toEqual(Array.from({ length: ROWS }, (_, i) => ({ ...auditValues(undefined, 'env_mig', i + 1), id: i + 1 })));
      expect(await indexNames(storage)).toEqual(storage.dialect === 'postgres' ? ['proxy_audit_env_created', 'proxy_audit_v2_pkey'] : ['proxy_audit_env_created']);

      // New rows get the next id from the database, and no environment check.
      const next = await db.insertInto('proxy_audit').values(auditValues(undefined, 'env_mig', ROWS + 1)).returning('id').executeTakeFirstOrThrow();
      expect(next.id).toBe(ROWS + 1);
      const orphan = await db.insertInto('proxy_audit').values(auditValues(undefined, 'env_missing', ROWS + 2)).returning('id').executeTakeFirstOrThrow();
      expect(orphan.id).toBe(ROWS + 2);
      // (0004's table could not hold it: going down with it would fail.)
      await db.deleteFrom('proxy_audit').where('id', '=', ROWS + 2).execute();

      // Down: text ids that sort as the integers did, the foreign key back.
      await expectMigrated(migrator.migrateTo('0005-admin-sessions'), [['0006-proxy-audit-compact', 'Success']]);
      rows = await byId(db);
      const ids = Array.from({ length: ROWS + 1 }, (_, i) => i + 1);
      expect(rows).toEqual(ids.map((n) => ({ ...auditValues(undefined, 'env_mig', n), id: downId(n) })));
      await expect(db.insertInto('proxy_audit').values(auditValues(oldId(98), 'env_missing', 98)).execute()).rejects.toThrow();
      expect(await indexNames(storage)).toEqual(storage.dialect === 'postgres' ? ['proxy_audit_env_created', 'proxy_audit_v1_pkey'] : ['proxy_audit_env_created']);

      // Up again: the same rows, renumbered densely in the same order.
      await expectMigrated(migrator.migrateTo('0006-proxy-audit-compact'), [['0006-proxy-audit-compact', 'Success']]);
      rows = await byId(db);
      expect(rows).toEqual(ids.map((n) => ({ ...auditValues(undefined, 'env_mig', n), id: n })));
      const last = await db.insertInto('proxy_audit').values(auditValues(undefined, 'env_mig', 50)).returning('id').executeTakeFirstOrThrow();
      expect(last.id).toBe(ids.length + 1);
    });
  });
}
