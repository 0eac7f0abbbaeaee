import type { Kysely } from 'kysely';
import type { Tables, ToolExecutionRow } from '../../../storage/schema.js';

/** One finished execution as the record keeps it (no input, no output, no credential). */
export type ToolExecutionEntry = Omit<ToolExecutionRow, 'created_at'>;

const FLUSH_EVERY_MS = 1000;
const FLUSH_AT_ROWS = 500;
/** Rows per insert statement: far below SQLite's bound-parameter limit (12 columns each). */
const ROWS_PER_INSERT = 500;
/** Past this many unflushed rows (a database outage) the oldest are dropped rather than exhausting memory. */
const MAX_BUFFERED = 50_000;

/**
 * Buffers execution records and writes them in batches, off the request path, like the proxy
 * audit (proxy-audit.ts): an execution costs no database write of its own. Rows reach the table
 * within about a second, and on close.
 */
export class ToolExecutionWriter {
  private rows: ToolExecutionRow[] = [];
  private flushing: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly db: Kysely<Tables>,
    private readonly onError: (err: unknown) => void,
  ) {
    this.timer = setInterval(() => void this.flush(), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  record(e: ToolExecutionEntry): void {
    if (this.rows.length >= MAX_BUFFERED) this.rows.shift();
    this.rows.push({ ...e, duration_ms: Math.round(e.duration_ms), created_at: new Date().toISOString() });
    if (this.rows.length >= FLUSH_AT_ROWS) void this.flush();
  }

  /** Writes what is buffered; concurrent calls share one write. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.rows.length === 0) return Promise.resolve();
    const rows = this.rows;
    this.rows = [];
    this.flushing = this.db
      .transaction()
      .execute(async (trx) => {
        for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) await trx.insertInto('tool_executions').values(rows.slice(i, i + ROWS_PER_INSERT)).execute();
      })
      .catch(this.onError)
      .finally(() => {
        this.flushing = undefined;
      });
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    if (this.flushing) await this.flushing;
    await this.flush();
  }
}
