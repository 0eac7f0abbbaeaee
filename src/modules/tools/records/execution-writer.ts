import type { Storage } from '../../../storage/database.js';
import type { ToolExecutionRow } from '../../../storage/schema.js';
import { BatchWriter, isoNow } from '../../proxy/batch-writer.js';
import { rowInsert } from '../../proxy/row-insert.js';

/** One finished execution as the record keeps it (no input, no output, no credential). */
export type ToolExecutionEntry = Omit<ToolExecutionRow, 'created_at'>;

const FLUSH_AT_ROWS = 500;
const COLUMNS: ReadonlyArray<keyof ToolExecutionRow> = [
  'id', 'environment_id', 'tool_name', 'tool_version', 'connection_id', 'connection_name', 'account_id', 'identifier', 'duration_ms', 'outcome', 'error_code', 'warning', 'created_at',
];
const INTEGER_COLUMNS = new Set<string>(['duration_ms']);

/**
 * Execution records, written in batches off the request path by the proxy audit's writer
 * (batch-writer.ts, row-insert.ts): an execution costs no database write of its own. Rows reach
 * the table within about a second, and on close.
 */
export class ToolExecutionWriter {
  private readonly batches: BatchWriter<unknown[]>;

  constructor(storage: Storage, onError: (err: unknown) => void) {
    const insert = rowInsert('tool_executions', COLUMNS, INTEGER_COLUMNS);
    // On SQLite the storage's write thread runs them (sqlite-write-thread.ts).
    const offThread = storage.writeThread?.();
    const write = offThread
      ? (rows: unknown[][]) => offThread([[insert.sqlite, rows]])
      : (rows: unknown[][]) => storage.db.transaction().execute((trx) => insert.postgres(trx, rows));
    this.batches = new BatchWriter(write, onError, FLUSH_AT_ROWS);
  }

  record(e: ToolExecutionEntry): void {
    const row: ToolExecutionRow = { ...e, duration_ms: Math.round(e.duration_ms), created_at: isoNow() };
    this.batches.push(COLUMNS.map((c) => row[c] ?? null));
  }

  flush(): Promise<void> {
    return this.batches.flush();
  }

  close(): Promise<void> {
    return this.batches.close();
  }
}
