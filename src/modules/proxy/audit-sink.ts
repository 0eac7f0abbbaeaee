import { CompiledQuery } from 'kysely';
import type { Storage } from '../../storage/database.js';
import type { ProxyAuditRow } from '../../storage/schema.js';

/** The order of the values in each buffered audit row (the id is the database's). */
export const AUDIT_COLUMNS: ReadonlyArray<keyof ProxyAuditRow> = [
  'environment_id', 'connection_id', 'connection_name', 'account_id', 'identifier', 'method', 'path', 'status', 'latency_ms', 'error_code', 'created_at',
];
const INTEGER_COLUMNS = new Set<keyof ProxyAuditRow>(['status', 'latency_ms']);

/** Writes one batch of audit rows and `last_used_at` stamps (account id → time) in one transaction. */
export interface AuditSink {
  write(rows: unknown[][], lastUsed: Map<string, string>): Promise<void>;
}

/**
 * Each database gets the batch in the shape that costs this thread least (measured, per row):
 * SQLite (in-process) through one prepared single-row statement run in a loop, PostgreSQL as one
 * JSON parameter the server unpacks (binding thousands of values one by one cost more client CPU).
 */
export function auditSink(storage: Storage): AuditSink {
  return storage.sqlite ? sqliteSink(storage, storage.sqlite) : postgresSink(storage);
}

function sqliteSink(storage: Storage, sqlite: NonNullable<Storage['sqlite']>): AuditSink {
  const insert = sqlite.prepare(`insert into proxy_audit (${AUDIT_COLUMNS.join(', ')}) values (${AUDIT_COLUMNS.map(() => '?').join(', ')})`);
  const stamp = sqlite.prepare('update connected_accounts set last_used_at = ? where id = ? and (last_used_at is null or last_used_at < ?)');
  const writeAll = sqlite.transaction((rows: unknown[][], lastUsed: Map<string, string>) => {
    for (const row of rows) insert.run(row);
    for (const [id, at] of lastUsed) stamp.run(at, id, at);
  });
  return {
    async write(rows, lastUsed) {
      // Holding Kysely's single connection keeps this from landing inside one of its open transactions.
      await storage.db.connection().execute(async () => writeAll(rows, lastUsed));
    },
  };
}

function postgresSink(storage: Storage): AuditSink {
  const values = AUDIT_COLUMNS.map((c, i) => (INTEGER_COLUMNS.has(c) ? `(r->>${i})::integer` : `r->>${i}`)).join(', ');
  const insert = `insert into proxy_audit (${AUDIT_COLUMNS.join(', ')}) select ${values} from json_array_elements($1::json) as r`;
  return {
    async write(rows, lastUsed) {
      await storage.db.transaction().execute(async (trx) => {
        if (rows.length > 0) await trx.executeQuery(CompiledQuery.raw(insert, [JSON.stringify(rows)]));
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
