import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { pruneOlderThan } from '../../proxy/audit-retention.js';

/** Tool execution records older than `retentionDays` (TOOL_EXECUTION_RETENTION_DAYS), as the proxy audit is pruned. */
export const pruneToolExecutions = (db: Kysely<Tables>, retentionDays: number, now = Date.now()): Promise<number> =>
  pruneOlderThan(db, 'tool_executions', retentionDays, now);
