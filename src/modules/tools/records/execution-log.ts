import type { Kysely } from 'kysely';
import type { Tables, ToolExecutionRow } from '../../../storage/schema.js';
import { invalidArgument } from '../../errors/domain-error.js';
import { decodeCursor, encodeCursor, pageSizeOf } from '../../paging/page-token.js';

export const EXECUTIONS_MAX_PAGE_SIZE = 100;
export const OUTCOMES = ['success', 'error'] as const;

/** One recorded execution, as the API shows it. */
export interface ExecutionEntry {
  execution_id: string;
  tool_name: string;
  tool_version: string | null;
  connection_name: string | null;
  connection_id: string | null;
  identifier: string | null;
  connected_account_id: string | null;
  duration_ms: number;
  outcome: string;
  error_code: string | null;
  created_at: string;
}

export interface ExecutionQuery {
  pageSize?: number;
  pageToken?: string;
  toolName?: string;
  identifier?: string;
  outcome?: string;
}

const toEntry = (r: ToolExecutionRow): ExecutionEntry => ({
  execution_id: r.id,
  tool_name: r.tool_name,
  tool_version: r.tool_version,
  connection_name: r.connection_name,
  connection_id: r.connection_id,
  identifier: r.identifier,
  connected_account_id: r.account_id,
  duration_ms: r.duration_ms,
  outcome: r.outcome,
  error_code: r.error_code,
  created_at: r.created_at,
});

/** An environment's tool executions, newest first, filtered and paged by execution id (keyset). */
export async function listToolExecutions(db: Kysely<Tables>, envId: string, q: ExecutionQuery): Promise<{ entries: ExecutionEntry[]; nextPageToken: string }> {
  const pageSize = pageSizeOf(q.pageSize, EXECUTIONS_MAX_PAGE_SIZE);
  const cursor = decodeCursor(q.pageToken);
  if (cursor && !('after' in cursor && cursor.after.startsWith('exe_'))) throw invalidArgument('page_token', 'is not a page token of this list; pass next_page_token from a previous response');
  if (q.outcome !== undefined && !(OUTCOMES as readonly string[]).includes(q.outcome)) throw invalidArgument('outcome', `must be one of ${OUTCOMES.join(', ')}`);
  let query = db.selectFrom('tool_executions').selectAll().where('environment_id', '=', envId);
  if (cursor && 'after' in cursor) query = query.where('id', '<', cursor.after);
  if (q.toolName) query = query.where('tool_name', '=', q.toolName);
  if (q.identifier) query = query.where('identifier', '=', q.identifier);
  if (q.outcome) query = query.where('outcome', '=', q.outcome as ToolExecutionRow['outcome']);
  const rows = await query.orderBy('id', 'desc').limit(pageSize + 1).execute();
  const page = rows.slice(0, pageSize).map(toEntry);
  return { entries: page, nextPageToken: rows.length > pageSize ? encodeCursor({ after: page[page.length - 1].execution_id }) : '' };
}
