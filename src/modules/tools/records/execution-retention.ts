import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';

/** Rows deleted per statement: short enough that SQLite (synchronous, in-process) never stalls the server. */
const BATCH = 1000;
const DAY_MS = 86_400_000;

/**
 * Deletes tool execution records older than `retentionDays` (TOOL_EXECUTION_RETENTION_DAYS),
 * environment by environment through the (environment_id, created_at) index, a batch at a time,
 * as pruneProxyAudit does for the proxy audit. Returns how many rows went.
 */
export async function pruneToolExecutions(db: Kysely<Tables>, retentionDays: number, now = Date.now()): Promise<number> {
  if (retentionDays <= 0) return 0;
  const cutoff = new Date(now - retentionDays * DAY_MS).toISOString();
  const environments = await db.selectFrom('environments').select('id').execute();
  let deleted = 0;
  for (const { id: envId } of environments) {
    for (;;) {
      const batch = db.selectFrom('tool_executions').select('id').where('environment_id', '=', envId).where('created_at', '<', cutoff).limit(BATCH);
      const result = await db.deleteFrom('tool_executions').where('id', 'in', batch).executeTakeFirst();
      const n = Number(result.numDeletedRows);
      deleted += n;
      if (n < BATCH) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return deleted;
}
