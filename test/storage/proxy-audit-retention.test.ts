import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Insertable, Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import type { ProxyAuditRow, Tables } from '../../src/storage/schema.js';
import { pruneProxyAudit, scheduleAuditRetention } from '../../src/modules/proxy/audit-retention.js';
import { DIALECTS, freshPostgresDatabase } from '../helpers/test-server.js';
import { eventually } from '../helpers/test-utils.js';

const DAY_MS = 86_400_000;
const opened: Storage[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function freshStorage(databaseUrl?: string): Promise<Storage> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-retention-'));
  dirs.push(dir);
  const url = databaseUrl ? await freshPostgresDatabase(databaseUrl) : undefined;
  const s = await openStorage({ databaseUrl: url, dataDir: dir });
  opened.push(s);
  await migrateToLatest(s);
  return s;
}

async function addEnvironments(db: Kysely<Tables>, ids: string[]): Promise<void> {
  await db.insertInto('environments').values(ids.map((id) => ({ id, name: id, created_at: new Date(0).toISOString() }))).execute();
}

/** An audit row of `envId` created at `at`, labelled by its path so the survivors can be named. */
const auditRow = (envId: string, label: string, at: number): Insertable<ProxyAuditRow> => ({
  environment_id: envId,
  connection_id: null,
  connection_name: 'conn',
  account_id: null,
  identifier: 'user_1',
  method: 'GET',
  path: `/${label}`,
  status: 200,
  latency_ms: 3,
  error_code: null,
  created_at: new Date(at).toISOString(),
});

async function insertRows(db: Kysely<Tables>, rows: Array<Insertable<ProxyAuditRow>>): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('proxy_audit').values(rows.slice(i, i + 500)).execute();
}

const labelsOf = async (db: Kysely<Tables>, envId: string): Promise<string[]> =>
  (await db.selectFrom('proxy_audit').select('path').where('environment_id', '=', envId).orderBy('path').execute()).map((r) => r.path.slice(1));

const countOf = async (db: Kysely<Tables>): Promise<number> =>
  Number((await db.selectFrom('proxy_audit').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

for (const dialect of DIALECTS) {
  describe(`proxy audit retention (${dialect.name})`, () => {
    const NOW = Date.parse('2025-06-01T12:00:00.000Z');
    const CUTOFF = NOW - 30 * DAY_MS;

    it('deletes exactly the rows older than the retention, in every environment, across several batches', async () => {
      const { db } = await freshStorage(dialect.databaseUrl);
      await addEnvironments(db, ['env_a', 'env_b']);
      const rows: Array<Insertable<ProxyAuditRow>> = [];
      const keptA: string[] = [];
      const keptB: string[] = [];
      // env_a: 2500 old rows (three batches of up to 1000), the newest 1 ms before the cutoff.
      for (let i = 0; i < 2500; i++) rows.push(auditRow('env_a', `old-a-${i}`, CUTOFF - 1 - i * 60_000));
      // A row exactly at the cutoff is not older than the retention: it stays.
      rows.push(auditRow('env_a', 'keep-a-at-cutoff', CUTOFF));
      keptA.push('keep-a-at-cutoff');
      for (let i = 0; i < 40; i++) {
        rows.push(auditRow('env_a', `keep-a-${i}`, NOW - i * 3_600_000));
        keptA.push(`keep-a-${i}`);
      }
      // env_b: exactly one full batch of old rows (the loop must ask again and find none), some far older.
      for (let i = 0; i < 1000; i++) rows.push(auditRow('env_b', `old-b-${i}`, CUTOFF - 1 - i * 400 * DAY_MS / 1000));
      for (let i = 0; i < 5; i++) {
        rows.push(auditRow('env_b', `keep-b-${i}`, CUTOFF + 1 + i * DAY_MS));
        keptB.push(`keep-b-${i}`);
      }
      // Interleave environments and ages so neither insertion order nor ids line up with age.
      const shuffled = rows.map((r, i) => ({ r, k: (i * 7919) % rows.length })).sort((x, y) => x.k - y.k).map((x) => x.r);
      await insertRows(db, shuffled);
      expect(await countOf(db)).toBe(2500 + 41 + 1000 + 5);

      // 0 keeps everything forever.
      expect(await pruneProxyAudit(db, 0, NOW)).toBe(0);
      expect(await countOf(db)).toBe(3546);

      expect(await pruneProxyAudit(db, 30, NOW)).toBe(3500);
      expect(await labelsOf(db, 'env_a')).toEqual([...keptA].sort());
      expect(await labelsOf(db, 'env_b')).toEqual([...keptB].sort());
      expect(await countOf(db)).toBe(46);

      // Nothing left to prune: a second run deletes nothing.
      expect(await pruneProxyAudit(db, 30, NOW)).toBe(0);
      // One day: env_a keeps its rows of the last 24 hours (keep-a-0..24, the last one exactly at the new cutoff) and loses
      // 16; env_b's rows (at most 26 days old) all go.
      expect(await pruneProxyAudit(db, 1, NOW)).toBe(16 + 5);
      expect(await labelsOf(db, 'env_a')).toEqual(Array.from({ length: 25 }, (_, i) => `keep-a-${i}`).sort());
      expect(await labelsOf(db, 'env_b')).toEqual([]);
    });

    it('scheduleAuditRetention prunes shortly after start and reports the count; retention 0 never prunes', async () => {
      const { db } = await freshStorage(dialect.databaseUrl);
      await addEnvironments(db, ['env_a']);
      const now = Date.now();
      await insertRows(db, [
        auditRow('env_a', 'old-1', now - 31 * DAY_MS),
        auditRow('env_a', 'old-2', now - 400 * DAY_MS),
        auditRow('env_a', 'new-1', now - 29 * DAY_MS),
        auditRow('env_a', 'new-2', now),
      ]);

      const keptForever: number[] = [];
      const errors: unknown[] = [];
      const never = scheduleAuditRetention({ db, retentionDays: 0, onPruned: (n) => keptForever.push(n), onError: (e) => errors.push(e), firstAfterMs: 1, everyMs: 5 });
      await new Promise((r) => setTimeout(r, 300));
      never.stop();
      expect(keptForever).toEqual([]);
      expect(await countOf(db)).toBe(4);

      const pruned: number[] = [];
      const job = scheduleAuditRetention({ db, retentionDays: 30, onPruned: (n) => pruned.push(n), onError: (e) => errors.push(e), firstAfterMs: 10, everyMs: 60_000 });
      try {
        await eventually(async () => (pruned.length > 0 ? true : undefined));
      } finally {
        job.stop();
      }
      expect(pruned).toEqual([2]);
      expect(errors).toEqual([]);
      expect(await labelsOf(db, 'env_a')).toEqual(['new-1', 'new-2']);
    });
  });
}
