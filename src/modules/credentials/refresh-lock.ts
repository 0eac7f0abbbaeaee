import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Transaction } from 'kysely';
import type { Storage } from '../../storage/database.js';
import type { ConnectedAccountRow, Tables } from '../../storage/schema.js';
import { notFound } from '../errors/domain-error.js';
import { LOCK_WAIT_MS } from './refresh-timing.js';

/** Pause between two attempts at SQLite's write lock (with jitter); the event loop stays free meanwhile. */
const SQLITE_RETRY_MS = 25;

/**
 * Runs `work` inside a write transaction that holds the account row exclusively, and hands it the
 * row as read AFTER the lock was granted: whoever waited sees what the previous holder committed.
 * The transaction spans read → token request → write, so a second replica refreshing the same
 * account waits, then finds the new `credentials_version` and skips.
 *
 * - PostgreSQL: `SELECT … FOR UPDATE` on the row (READ COMMITTED re-reads the committed row once
 *   the lock is granted); `lock_timeout` bounds the wait, failing with 55P03.
 * - SQLite: the first statement is a no-op UPDATE of the row, which takes the database's write
 *   lock at once as `BEGIN IMMEDIATE` would. In this process Kysely's single connection already
 *   queues transactions; another process holding the lock makes the UPDATE fail at once
 *   (busy_timeout 0 for that statement, since better-sqlite3 would wait synchronously, freezing
 *   the event loop) and the whole transaction is retried until LOCK_WAIT_MS.
 */
export async function withLockedAccount<T>(
  storage: Storage,
  envId: string,
  accountId: string,
  work: (trx: Transaction<Tables>, row: ConnectedAccountRow) => Promise<T>,
): Promise<T> {
  const attempt = () =>
    storage.db.transaction().execute(async (trx) => {
      const byId = trx.selectFrom('connected_accounts').selectAll().where('environment_id', '=', envId).where('id', '=', accountId);
      let row: ConnectedAccountRow | undefined;
      if (storage.dialect === 'postgres') {
        await sql`set local lock_timeout = ${sql.lit(`${LOCK_WAIT_MS}ms`)}`.execute(trx);
        row = await byId.forUpdate().executeTakeFirst();
      } else {
        await takeSqliteWriteLock(trx, envId, accountId);
        row = await byId.executeTakeFirst();
      }
      if (!row) throw notFound('connected account', accountId);
      return work(trx, row);
    });
  if (storage.dialect === 'postgres') return attempt();
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (!isLockTimeout(err) || Date.now() > deadline) throw err;
      await sleep(SQLITE_RETRY_MS + Math.random() * SQLITE_RETRY_MS);
    }
  }
}

async function takeSqliteWriteLock(trx: Transaction<Tables>, envId: string, accountId: string): Promise<void> {
  const { rows } = await sql<{ timeout: number }>`pragma busy_timeout`.execute(trx);
  const previous = Number(rows[0]?.timeout ?? 0);
  await sql`pragma busy_timeout = 0`.execute(trx);
  try {
    await trx
      .updateTable('connected_accounts')
      .set((eb) => ({ credentials_version: eb.ref('credentials_version') }))
      .where('environment_id', '=', envId)
      .where('id', '=', accountId)
      .execute();
  } finally {
    await sql`pragma busy_timeout = ${sql.lit(previous)}`.execute(trx);
  }
}

/** A lock wait that gave up: PostgreSQL lock_timeout, or SQLite busy (another process holds the write lock). */
export function isLockTimeout(err: unknown): boolean {
  const code = String((err as { code?: unknown })?.code ?? '');
  return code === '55P03' || code === 'SQLITE_BUSY';
}
