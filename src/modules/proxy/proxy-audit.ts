import { CompiledQuery } from 'kysely';
import type { Storage } from '../../storage/database.js';
import type { ProxyAuditRow } from '../../storage/schema.js';
import { newId } from '../../storage/ids.js';

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

const COLUMNS: ReadonlyArray<keyof ProxyAuditRow> = [
  'id', 'environment_id', 'connection_id', 'connection_name', 'account_id', 'identifier', 'method', 'path', 'status', 'latency_ms', 'error_code', 'created_at',
];
const WIDTH = COLUMNS.length;
const FLUSH_EVERY_MS = 1000;
const FLUSH_AT_ROWS = 1000;
/** Rows per INSERT: 12 parameters each stays far below SQLite's and PostgreSQL's limits. */
const ROWS_PER_INSERT = 200;
/** Past this many unflushed rows (a database outage) the oldest are dropped rather than exhausting memory. */
const MAX_BUFFERED = 50_000;

/**
 * `insert into proxy_audit (…) values (…), (…)` for `rows` rows in the dialect's placeholder style.
 * Plain text (cached per size): query-builder parsing of thousands of rows a second showed in profiles.
 */
function insertSql(dialect: Storage['dialect'], rows: number): string {
  let n = 0;
  const one = () => `(${COLUMNS.map(() => (dialect === 'postgres' ? `$${++n}` : '?')).join(', ')})`;
  return `insert into proxy_audit (${COLUMNS.join(', ')}) values ${Array.from({ length: rows }, one).join(', ')}`;
}

/**
 * Buffers audit rows and `last_used_at` stamps and writes them in batches, off the request path:
 * a proxied call costs no database write of its own. Rows reach the table within about a second
 * (one transaction per flush), and on close.
 */
export class ProxyAuditWriter {
  /** Buffered rows, flat: WIDTH values per row in COLUMNS order. */
  private values: unknown[] = [];
  private lastUsed = new Map<string, string>();
  private flushing: Promise<void> | undefined;
  private readonly timer: NodeJS.Timeout;
  private readonly statements = new Map<number, string>();
  /** Ids are one time-ordered base per writer plus a fixed-width base-36 sequence: unique, ordered, no randomness per call. */
  private readonly idBase = `${newId('pxa')}_`;
  private seq = 36 ** 7;
  /** `created_at` of the last row, reused while the millisecond lasts (calls arrive several per ms under load). */
  private lastMs = 0;
  private lastIso = '';

  constructor(
    private readonly storage: Storage,
    private readonly onError: (err: unknown) => void,
  ) {
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
    if (this.values.length >= MAX_BUFFERED * WIDTH) this.values.splice(0, WIDTH);
    this.values.push(
      this.idBase + (this.seq++).toString(36),
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
    );
    if (e.accountId && e.errorCode === null) this.lastUsed.set(e.accountId, now);
    if (this.values.length >= FLUSH_AT_ROWS * WIDTH) void this.flush();
  }

  /** Writes what is buffered; concurrent calls share one write. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.values.length === 0 && this.lastUsed.size === 0) return Promise.resolve();
    const values = this.values;
    const lastUsed = this.lastUsed;
    this.values = [];
    this.lastUsed = new Map();
    this.flushing = this.write(values, lastUsed)
      .catch(this.onError)
      .finally(() => {
        this.flushing = undefined;
      });
    return this.flushing;
  }

  private async write(values: unknown[], lastUsed: Map<string, string>): Promise<void> {
    await this.storage.db.transaction().execute(async (trx) => {
      for (let i = 0; i < values.length; i += ROWS_PER_INSERT * WIDTH) {
        const params = values.slice(i, i + ROWS_PER_INSERT * WIDTH);
        const rows = params.length / WIDTH;
        let text = this.statements.get(rows);
        if (!text) this.statements.set(rows, (text = insertSql(this.storage.dialect, rows)));
        await trx.executeQuery(CompiledQuery.raw(text, params));
      }
      for (const [id, at] of lastUsed) {
        await trx
          .updateTable('connected_accounts')
          .set({ last_used_at: at })
          .where('id', '=', id)
          .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', at)]))
          .execute();
      }
    });
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    if (this.flushing) await this.flushing;
    await this.flush();
  }
}
