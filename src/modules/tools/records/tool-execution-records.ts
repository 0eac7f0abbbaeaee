import type { Logger } from '../../../logging/logger.js';
import type { Storage } from '../../../storage/database.js';
import { scheduleAuditRetention } from '../../proxy/audit-retention.js';
import { pruneToolExecutions } from './execution-retention.js';
import { ToolExecutionWriter } from './execution-writer.js';

/** The execution records of one process: the buffered writer and its retention schedule. */
export interface ToolExecutionRecords {
  writer: ToolExecutionWriter;
  close(): Promise<void>;
}

export function startToolExecutionRecords(opts: { storage: Storage; retentionDays: number; log: Logger }): ToolExecutionRecords {
  const warn = (what: string) => (err: unknown) => opts.log.warn({ err: { message: (err as Error)?.message } }, what);
  const writer = new ToolExecutionWriter(opts.storage, warn('tool execution record write failed'));
  const retention = scheduleAuditRetention({
    db: opts.storage.db,
    retentionDays: opts.retentionDays,
    prune: pruneToolExecutions,
    onPruned: (deleted) => opts.log.info({ deleted, retentionDays: opts.retentionDays }, 'pruned old tool execution records'),
    onError: warn('tool execution record pruning failed'),
  });
  return {
    writer,
    async close() {
      retention.stop();
      await writer.close();
    },
  };
}
