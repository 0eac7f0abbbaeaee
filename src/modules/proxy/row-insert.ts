import { CompiledQuery, type Transaction } from 'kysely';
import type { Tables } from '../../storage/schema.js';

/** Inserts batches of rows (value arrays in `columns` order) into one table. */
export interface RowInsert {
  /** SQLite: the single-row statement, run per row in one transaction by the storage's write thread. */
  sqlite: string;
  /** PostgreSQL: one statement in `trx`. */
  postgres(trx: Transaction<Tables>, rows: readonly unknown[][]): Promise<void>;
}

/**
 * Each database gets the batch in the shape that costs least (measured, per row): SQLite through
 * one prepared single-row statement run in a loop, PostgreSQL as one JSON parameter the server
 * unpacks (binding thousands of values one by one, or the query builder's multi-row VALUES, cost
 * more client CPU).
 */
export function rowInsert(table: string, columns: readonly string[], integerColumns: ReadonlySet<string>): RowInsert {
  const list = columns.join(', ');
  const values = columns.map((c, i) => (integerColumns.has(c) ? `(r->>${i})::integer` : `r->>${i}`)).join(', ');
  const pgInsert = `insert into ${table} (${list}) select ${values} from json_array_elements($1::json) as r`;
  return {
    sqlite: `insert into ${table} (${list}) values (${columns.map(() => '?').join(', ')})`,
    async postgres(trx, rows) {
      if (rows.length > 0) await trx.executeQuery(CompiledQuery.raw(pgInsert, [JSON.stringify(rows)]));
    },
  };
}
