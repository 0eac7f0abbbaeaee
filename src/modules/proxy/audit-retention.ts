import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';

/** Rows deleted per statement: short enough that SQLite (synchronous, in-process) never stalls the server. */
const BATCH = 1000;
const DAY_MS = 86_400_000;

/** The logs kept for a number of days: each has (environment_id, created_at) indexed. */
export type RetainedLog = 'proxy_audit' | 'tool_executions';

/**
 * Deletes rows of `table` older than `retentionDays`, environment by environment through the
 * (environment_id, created_at) index, a batch at a time. Returns how many rows went.
 */
export async function pruneOlderThan(db: Kysely<Tables>, table: RetainedLog, retentionDays: number, now = Date.now()): Promise<number> {
  if (retentionDays <= 0) return 0;
  const cutoff = new Date(now - retentionDays * DAY_MS).toISOString();
  const environments = await db.selectFrom('environments').select('id').execute();
  let deleted = 0;
  for (const { id: envId } of environments) {
    for (;;) {
      const batch = db.selectFrom(table).select('id').where('environment_id', '=', envId).where('created_at', '<', cutoff).limit(BATCH);
      const result = await db.deleteFrom(table).where('id', 'in', batch).executeTakeFirst();
      const n = Number(result.numDeletedRows);
      deleted += n;
      if (n < BATCH) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return deleted;
}

/** Tool Proxy audit rows older than `retentionDays` (PROXY_AUDIT_RETENTION_DAYS). */
export const pruneProxyAudit = (db: Kysely<Tables>, retentionDays: number, now = Date.now()): Promise<number> =>
  pruneOlderThan(db, 'proxy_audit', retentionDays, now);

/**
 * Runs pruneProxyAudit (or `prune`, for another log with the same retention rule) shortly after
 * start and then every `everyMs`; timers never hold the process open.
 */
export function scheduleAuditRetention(opts: {
  db: Kysely<Tables>;
  retentionDays: number;
  prune?: (db: Kysely<Tables>, retentionDays: number) => Promise<number>;
  onPruned: (deleted: number) => void;
  onError: (err: unknown) => void;
  firstAfterMs?: number;
  everyMs?: number;
}): { stop(): void } {
  if (opts.retentionDays <= 0) return { stop() {} };
  let running = false;
  const run = () => {
    if (running) return;
    running = true;
    (opts.prune ?? pruneProxyAudit)(opts.db, opts.retentionDays)
      .then((n) => n > 0 && opts.onPruned(n))
      .catch(opts.onError)
      .finally(() => {
        running = false;
      });
  };
  const first = setTimeout(run, opts.firstAfterMs ?? 30_000);
  const every = setInterval(run, opts.everyMs ?? 3_600_000);
  first.unref();
  every.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}
