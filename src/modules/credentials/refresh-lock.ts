import { sql, type Transaction } from 'kysely';
import type { Storage } from '../../storage/database.js';
import type { ConnectedAccountRow, Tables } from '../../storage/schema.js';
import { notFound } from '../errors/domain-error.js';
import { LOCK_WAIT_MS } from './refresh-timing.js';

/**
 * Runs `work` inside a write transaction that holds the account row exclusively, and hands it the
 * row as read AFTER the lock was granted: whoever waited sees what the previous holder committed.
 * The transaction spans read → token request → write, so a second replica refreshing the same
 * account waits, then finds the new `credentials_version` and skips.
 *
 * - PostgreSQL: `SELECT … FOR UPDATE` on the row (READ COMMITTED re-reads the committed row once
 *   the lock is granted); `lock_timeout` bounds the wait, failing with 55P03.
 * - SQLite: the first statement is a no-op UPDATE of the row, which takes the database's write
 *   lock at once as `BEGIN IMMEDIATE` would; later writers wait (busy_timeout in other processes,
 *   Kysely's single-connection mutex in this one) and read only after it commits.
 */
export async function withLockedAccount<T>(
  storage: Storage,
  envId: string,
  accountId: string,
  work: (trx: Transaction<Tables>, row: ConnectedAccountRow) => Promise<T>,
): Promise<T> {
  return storage.db.transaction().execute(async (trx) => {
    const byId = trx.selectFrom('connected_accounts').selectAll().where('environment_id', '=', envId).where('id', '=', accountId);
    let row: ConnectedAccountRow | undefined;
    if (storage.dialect === 'postgres') {
      await sql`set local lock_timeout = ${sql.lit(`${LOCK_WAIT_MS}ms`)}`.execute(trx);
      row = await byId.forUpdate().executeTakeFirst();
    } else {
      await trx
        .updateTable('connected_accounts')
        .set((eb) => ({ credentials_version: eb.ref('credentials_version') }))
        .where('environment_id', '=', envId)
        .where('id', '=', accountId)
        .execute();
      row = await byId.executeTakeFirst();
    }
    if (!row) throw notFound('connected account', accountId);
    return work(trx, row);
  });
}

/** A lock wait that gave up: PostgreSQL lock_timeout, or SQLite busy in another process. */
export function isLockTimeout(err: unknown): boolean {
  const code = String((err as { code?: unknown })?.code ?? '');
  return code === '55P03' || code === 'SQLITE_BUSY';
}
