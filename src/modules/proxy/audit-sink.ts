import type { Storage } from '../../storage/database.js';
import type { ProxyAuditRow } from '../../storage/schema.js';
import { rowInsert } from './row-insert.js';

/** The order of the values in each buffered audit row (the id is the database's). */
export const AUDIT_COLUMNS: ReadonlyArray<keyof ProxyAuditRow> = [
  'environment_id', 'connection_id', 'connection_name', 'account_id', 'identifier', 'method', 'path', 'status', 'latency_ms', 'error_code', 'created_at',
];
const INTEGER_COLUMNS = new Set<string>(['status', 'latency_ms']);

/** Writes one batch of audit rows and `last_used_at` stamps (account id → time) in one transaction. */
export interface AuditSink {
  write(rows: unknown[][], lastUsed: Map<string, string>): Promise<void>;
}

const STAMP_LAST_USED = 'update connected_accounts set last_used_at = ? where id = ? and (last_used_at is null or last_used_at < ?)';

/**
 * Audit rows through rowInsert (row-insert.ts), the accounts' `last_used_at` stamps in the same
 * transaction: on SQLite by the storage's write thread, so the writes never hold up requests.
 */
export function auditSink(storage: Storage): AuditSink {
  const insert = rowInsert('proxy_audit', AUDIT_COLUMNS, INTEGER_COLUMNS);
  const offThread = storage.writeThread?.();
  if (offThread) return { write: (rows, lastUsed) => offThread([[insert.sqlite, rows], [STAMP_LAST_USED, [...lastUsed].map(([id, at]) => [at, id, at])]]) };
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
  };
}
