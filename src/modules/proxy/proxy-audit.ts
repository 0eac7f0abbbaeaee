import type { Storage } from '../../storage/database.js';
import { AUDIT_COLUMNS, auditSink } from './audit-sink.js';
import { BatchWriter, isoNow } from './batch-writer.js';

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

/**
 * Rows are flushed at this many, one write's worth (batch-writer.ts writes 250 per transaction
 * anyway): under load they then wait tens of ms rather than hundreds, so fewer outlive a scavenge.
 */
const FLUSH_AT_ROWS = 250;
/** Where a buffered row (values in AUDIT_COLUMNS order) keeps what its flush needs. */
const ACCOUNT_ID = AUDIT_COLUMNS.indexOf('account_id');
const ERROR_CODE = AUDIT_COLUMNS.indexOf('error_code');
const CREATED_AT = AUDIT_COLUMNS.indexOf('created_at');

/**
 * Audit rows and `last_used_at` stamps, written in batches off the request path (batch-writer.ts):
 * a proxied call costs no database write of its own. Rows reach the table within about a second
 * (one transaction per flush), and on close.
 */
export class ProxyAuditWriter {
  private readonly batches: BatchWriter<unknown[]>;

  constructor(storage: Storage, onError: (err: unknown) => void) {
    const sink = auditSink(storage);
    this.batches = new BatchWriter(
      (rows) => {
        // A successful call stamps its account's last_used_at.
        const lastUsed = new Map<string, string>();
        for (const r of rows) if (r[ACCOUNT_ID] !== null && r[ERROR_CODE] === null) lastUsed.set(r[ACCOUNT_ID] as string, r[CREATED_AT] as string);
        return sink.write(rows, lastUsed);
      },
      onError,
      FLUSH_AT_ROWS,
    );
  }

  record(e: ProxyAuditEntry): void {
    this.batches.push([
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
      isoNow(),
    ]);
  }

  flush(): Promise<void> {
    return this.batches.flush();
  }

  close(): Promise<void> {
    return this.batches.close();
  }
}
