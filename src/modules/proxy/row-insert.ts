import { CompiledQuery, type Transaction } from 'kysely';
import type { Storage } from '../../storage/database.js';
import type { Tables } from '../../storage/schema.js';

/** Inserts batches of rows (value arrays in `columns` order) into one table, inside a caller's transaction. */
export interface RowInsert {
  /** SQLite: synchronous, run inside a better-sqlite3 transaction. */
  sqlite?(rows: readonly unknown[][]): void;
  /** SQLite: the single-row statement it runs per row (for a connection of another thread). */
  sqliteSql?: string;
  /** PostgreSQL: one statement in `trx`. */
  postgres(trx: Transaction<Tables>, rows: readonly unknown[][]): Promise<void>;
}

/**
 * Each database gets the batch in the shape that costs this thread least (measured, per row):
 * SQLite (in-process) through one prepared single-row statement run in a loop, PostgreSQL as one
 * JSON parameter the server unpacks (binding thousands of values one by one, or the query
 * builder's multi-row VALUES, cost more client CPU).
 */
export function rowInsert(storage: Storage, table: string, columns: readonly string[], integerColumns: ReadonlySet<string>): RowInsert {
  const list = columns.join(', ');
  const values = columns.map((c, i) => (integerColumns.has(c) ? `(r->>${i})::integer` : `r->>${i}`)).join(', ');
  const pgInsert = `insert into ${table} (${list}) select ${values} from json_array_elements($1::json) as r`;
  const sqliteSql = `insert into ${table} (${list}) values (${columns.map(() => '?').join(', ')})`;
  const prepared = storage.sqlite?.prepare(sqliteSql);
  return {
    sqliteSql: prepared ? sqliteSql : undefined,
    sqlite: prepared ? (rows) => { for (const row of rows) prepared.run(row as unknown[]); } : undefined,
    async postgres(trx, rows) {
      if (rows.length > 0) await trx.executeQuery(CompiledQuery.raw(pgInsert, [JSON.stringify(rows)]));
    },
  };
}
