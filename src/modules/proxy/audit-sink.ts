import type { Storage } from '../../storage/database.js';
import type { ProxyAuditRow } from '../../storage/schema.js';
import { rowInsert } from './row-insert.js';
import { sqliteWriteWorker } from './sqlite-write-worker.js';

/** The order of the values in each buffered audit row (the id is the database's). */
export const AUDIT_COLUMNS: ReadonlyArray<keyof ProxyAuditRow> = [
  'environment_id', 'connection_id', 'connection_name', 'account_id', 'identifier', 'method', 'path', 'status', 'latency_ms', 'error_code', 'created_at',
];
const INTEGER_COLUMNS = new Set<string>(['status', 'latency_ms']);

/** Writes one batch of audit rows and `last_used_at` stamps (account id → time) in one transaction. */
export interface AuditSink {
  write(rows: unknown[][], lastUsed: Map<string, string>): Promise<void>;
  close(): Promise<void>;
}

const STAMP_LAST_USED = 'update connected_accounts set last_used_at = ? where id = ? and (last_used_at is null or last_used_at < ?)';

/**
 * Audit rows through rowInsert (row-insert.ts), the accounts' `last_used_at` stamps in the same
 * transaction. On a SQLite file, on a thread of their own (sqlite-write-worker.ts), so the writes
 * never hold up requests.
 */
export function auditSink(storage: Storage): AuditSink {
  const insert = rowInsert(storage, 'proxy_audit', AUDIT_COLUMNS, INTEGER_COLUMNS);
  const worker = insert.sqliteSql ? sqliteWriteWorker(storage, [insert.sqliteSql, STAMP_LAST_USED]) : undefined;
  if (worker) {
    return {
      write: (rows, lastUsed) => worker.write([[0, rows], [1, [...lastUsed].map(([id, at]) => [at, id, at])]]),
      close: () => worker.close(),
    };
  }
  const sqlite = storage.sqlite;
  if (sqlite && insert.sqlite) {
    const insertRows = insert.sqlite;
    const stamp = sqlite.prepare(STAMP_LAST_USED);
    const writeAll = sqlite.transaction((rows: unknown[][], lastUsed: Map<string, string>) => {
      insertRows(rows);
      for (const [id, at] of lastUsed) stamp.run(at, id, at);
    });
    // Holding Kysely's single connection keeps this from landing inside one of its open transactions.
    return { write: async (rows, lastUsed) => void (await storage.db.connection().execute(async () => writeAll(rows, lastUsed))), close: async () => undefined };
  }
  return {
    async write(rows, lastUsed) {
      await storage.db.transaction().execute(async (trx) => {
        await insert.postgres(trx, rows);
        for (const [id, at] of lastUsed) {
          await trx
            .updateTable('connected_accounts')
            .set({ last_used_at: at })
            .where('id', '=', id)
            .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', at)]))
            .execute();
        }
      });
    },
    close: async () => undefined,
  };
}
