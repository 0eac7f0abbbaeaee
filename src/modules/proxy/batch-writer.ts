const FLUSH_EVERY_MS = 1000;
/** Past this many unflushed rows (a database outage) the oldest are dropped rather than exhausting memory. */
const MAX_BUFFERED = 50_000;
/**
 * Rows per write. SQLite writes on this thread, so a second's worth of rows written at once held
 * every request behind it for milliseconds (the proxy's p99); smaller writes with a turn of the
 * event loop between them spread that out.
 */
const ROWS_PER_WRITE = 250;

/**
 * Buffers rows and hands them to `write` in batches, off the request path: a proxied call or a
 * tool execution costs no database write of its own. Rows reach the table within about a
 * second, at `flushAtRows`, and on close. One writer serves the proxy audit and the tool
 * execution records.
 */
export class BatchWriter<R> {
  private rows: R[] = [];
  private flushing: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly write: (rows: R[]) => Promise<void>,
    private readonly onError: (err: unknown) => void,
    private readonly flushAtRows: number,
  ) {
    this.timer = setInterval(() => void this.flush(), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  push(row: R): void {
    if (this.rows.length >= MAX_BUFFERED) this.rows.shift();
    this.rows.push(row);
    if (this.rows.length >= this.flushAtRows) void this.flush();
  }

  /** Writes what is buffered; concurrent calls share one write. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.rows.length === 0) return Promise.resolve();
    const rows = this.rows;
    this.rows = [];
    this.flushing = this.writeInSlices(rows).finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async writeInSlices(rows: R[]): Promise<void> {
    for (let i = 0; i < rows.length; i += ROWS_PER_WRITE) {
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      await this.write(rows.slice(i, i + ROWS_PER_WRITE)).catch(this.onError);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    if (this.flushing) await this.flushing;
    await this.flush();
  }
}

/**
 * `new Date().toISOString()`, reused while the millisecond lasts (rows arrive several per ms under
 * load), and within a second built from that second's prefix: toISOString cost µs per call here.
 */
export function isoNow(): string {
  const ms = Date.now();
  if (ms === lastMs) return lastIso;
  const intoSecond = ms - secondStart;
  if (intoSecond >= 0 && intoSecond < 1000) {
    lastIso = `${secondPrefix}${intoSecond < 10 ? '00' : intoSecond < 100 ? '0' : ''}${intoSecond}Z`;
  } else {
    lastIso = new Date(ms).toISOString();
    secondStart = ms - (ms % 1000);
    // `YYYY-MM-DDTHH:MM:SS.` (the ISO form is fixed-width for years 0000–9999).
    secondPrefix = lastIso.slice(0, 20);
  }
  lastMs = ms;
  return lastIso;
}
let lastMs = 0;
let lastIso = '';
let secondStart = -Infinity;
let secondPrefix = '';
