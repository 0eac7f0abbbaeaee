import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openStorage, type Storage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { ProxyAuditWriter, type ProxyAuditEntry } from '../../src/modules/proxy/proxy-audit.js';
import { isoNow } from '../../src/modules/proxy/batch-writer.js';
import { DIALECTS, freshPostgresDatabase } from '../helpers/test-server.js';

const opened: Storage[] = [];
const dirs: string[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const s of opened.splice(0)) await s.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function freshStorage(databaseUrl?: string): Promise<Storage> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-audit-writer-'));
  dirs.push(dir);
  const s = await openStorage({ databaseUrl: databaseUrl ? await freshPostgresDatabase(databaseUrl) : undefined, dataDir: dir });
  opened.push(s);
  await migrateToLatest(s);
  return s;
}

const entry = (over: Partial<ProxyAuditEntry>): ProxyAuditEntry => ({
  environmentId: 'env_1', connectionId: 'conn_1', connectionName: 'github', accountId: null, identifier: 'user_1',
  method: 'GET', path: '/repos', status: 200, latencyMs: 3.4, errorCode: null, ...over,
});

for (const dialect of DIALECTS) {
  describe(`proxy audit writer (${dialect.name})`, () => {
    it('writes every recorded call with its time, truncating long identifiers', async () => {
      const storage = await freshStorage(dialect.databaseUrl);
      const db = storage.db;
      await db.insertInto('environments').values({ id: 'env_1', name: 'env_1', created_at: new Date(0).toISOString() }).execute();
      const errors: unknown[] = [];
      const writer = new ProxyAuditWriter(storage, (err) => errors.push(err));
      const before = Date.now();
      writer.record(entry({ identifier: 'x'.repeat(300), path: '/ok' }));
      writer.record(entry({ status: 502, errorCode: 'UPSTREAM_UNAVAILABLE', path: '/failed' }));
      await writer.flush();
      const rows = await db.selectFrom('proxy_audit').selectAll().orderBy('id').execute();
      expect(errors).toEqual([]);
      expect(rows.map((r) => [r.path, r.status, r.latency_ms, r.error_code, r.identifier.length])).toEqual([
        ['/ok', 200, 3, null, 200],
        ['/failed', 502, 3, 'UPSTREAM_UNAVAILABLE', 6],
      ]);
      for (const r of rows) {
        expect(r.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        expect(Date.parse(r.created_at)).toBeGreaterThanOrEqual(before);
      }
      await writer.close();
    });
  });
}

describe('proxy audit writer on a SQLite file (its own write thread)', () => {
  it('reports a batch the thread cannot write, and goes on writing the next ones', async () => {
    const storage = await freshStorage();
    await storage.db.insertInto('environments').values({ id: 'env_1', name: 'env_1', created_at: new Date(0).toISOString() }).execute();
    const errors: Error[] = [];
    const writer = new ProxyAuditWriter(storage, (err) => errors.push(err as Error));
    // A row the table refuses (no method): the batch is one transaction, so nothing of it lands.
    writer.record(entry({ path: '/kept-out' }));
    writer.record(entry({ method: null as unknown as string, path: '/refused' }));
    await writer.flush();
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/NOT NULL constraint failed: proxy_audit\.method/)]);
    writer.record(entry({ path: '/after' }));
    await writer.flush();
    expect((await storage.db.selectFrom('proxy_audit').select('path').execute()).map((r) => r.path)).toEqual(['/after']);
    await writer.close();
    expect(errors).toHaveLength(1);
  });
});

describe('isoNow', () => {
  it('is new Date().toISOString(), across milliseconds, seconds, days and a clock set back', () => {
    const times = [Date.UTC(2026, 11, 31, 23, 59, 58, 990)];
    for (let i = 0; i < 400; i++) times.push(times[times.length - 1] + 7);
    times.push(Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1) + 5, Date.UTC(2026, 0, 1) + 5, Date.UTC(2025, 5, 1, 12, 0, 0, 1));
    const clock = vi.spyOn(Date, 'now');
    for (const t of times) {
      clock.mockReturnValue(t);
      expect(isoNow()).toBe(new Date(t).toISOString());
    }
  });
});
