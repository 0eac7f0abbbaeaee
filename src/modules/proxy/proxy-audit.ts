import type { Storage } from '../../storage/database.js';
import { auditSink, type AuditSink } from './audit-sink.js';

/** One proxied call as the audit log keeps it. */
export interface ProxyAuditEntry {
  environmentId: string;
  connectionId: string | null;
  connectionName: string;
  accountId: string | null;
  identifier: string;
  method: string;
  /** Path and query parameter names only (see auditPath). */
  path: string;
  status: number;
  latencyMs: number;
  errorCode: string | null;
}

const FLUSH_EVERY_MS = 1000;
const FLUSH_AT_ROWS = 1000;
/** Past this many unflushed rows (a database outage) the oldest are dropped rather than exhausting memory. */
const MAX_BUFFERED = 50_000;

/**
 * Buffers audit rows and `last_used_at` stamps and writes them in batches, off the request path:
 * a proxied call costs no database write of its own. Rows reach the table within about a second
 * (one transaction per flush), and on close.
 */
export class ProxyAuditWriter {
  /** Buffered rows, each in AUDIT_COLUMNS order. */
  private rows: unknown[][] = [];
  private lastUsed = new Map<string, string>();
  private flushing: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;
  private readonly sink: AuditSink;
  /** `created_at` of the last row, reused while the millisecond lasts (calls arrive several per ms under load). */
  private lastMs = 0;
  private lastIso = '';

  constructor(
    storage: Storage,
    private readonly onError: (err: unknown) => void,
  ) {
    this.sink = auditSink(storage);
    this.timer = setInterval(() => void this.flush(), FLUSH_EVERY_MS);
    this.timer.unref();
  }

  record(e: ProxyAuditEntry): void {
    const ms = Date.now();
    if (ms !== this.lastMs) {
      this.lastMs = ms;
      this.lastIso = new Date(ms).toISOString();
    }
    const now = this.lastIso;
    if (this.rows.length >= MAX_BUFFERED) this.rows.shift();
    this.rows.push([
      e.environmentId,
      e.connectionId,
      e.connectionName.length > 200 ? e.connectionName.slice(0, 200) : e.connectionName,
      e.accountId,
      e.identifier.length > 200 ? e.identifier.slice(0, 200) : e.identifier,
      e.method,
      e.path,
      e.status,
      Math.round(e.latencyMs),
      e.errorCode,
      now,
    ]);
    if (e.accountId && e.errorCode === null) this.lastUsed.set(e.accountId, now);
    if (this.rows.length >= FLUSH_AT_ROWS) void this.flush();
  }

  /** Writes what is buffered; concurrent calls share one write. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.rows.length === 0 && this.lastUsed.size === 0) return Promise.resolve();
    const rows = this.rows;
    const lastUsed = this.lastUsed;
    this.rows = [];
    this.lastUsed = new Map();
    this.flushing = this.sink
      .write(rows, lastUsed)
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
