import type { Storage } from '../../storage/database.js';
import { auditSink } from './audit-sink.js';
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

const FLUSH_AT_ROWS = 1000;

/** A buffered audit row (values in AUDIT_COLUMNS order) and the account whose last_used_at it stamps. */
interface PendingRow {
  values: unknown[];
  stampAccountId: string | null;
}

/**
 * Audit rows and `last_used_at` stamps, written in batches off the request path (batch-writer.ts):
 * a proxied call costs no database write of its own. Rows reach the table within about a second
 * (one transaction per flush), and on close.
 */
export class ProxyAuditWriter {
  private readonly batches: BatchWriter<PendingRow>;

  constructor(storage: Storage, onError: (err: unknown) => void) {
    const sink = auditSink(storage);
    this.batches = new BatchWriter(
      (pending) => {
        const lastUsed = new Map<string, string>();
        for (const p of pending) if (p.stampAccountId) lastUsed.set(p.stampAccountId, p.values[p.values.length - 1] as string);
        return sink.write(pending.map((p) => p.values), lastUsed);
      },
      onError,
      FLUSH_AT_ROWS,
    );
  }

  record(e: ProxyAuditEntry): void {
    const values = [
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
    ];
    this.batches.push({ values, stampAccountId: e.accountId && e.errorCode === null ? e.accountId : null });
  }

  flush(): Promise<void> {
    return this.batches.flush();
  }

  close(): Promise<void> {
    return this.batches.close();
  }
}
