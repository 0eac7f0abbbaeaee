import type { Kysely } from 'kysely';
import type { ProxyAuditRow, Tables } from '../../storage/schema.js';
import { invalidArgument } from '../errors/domain-error.js';
import { decodeCursor, encodeCursor, pageSizeOf } from '../paging/page-token.js';

export const AUDIT_MAX_PAGE_SIZE = 100;

/** One audited Tool Proxy call, as the API shows it. */
export interface AuditEntry {
  id: string;
  connection_name: string;
  connection_id: string | null;
  identifier: string;
  connected_account_id: string | null;
  method: string;
  path: string;
  status: number;
  latency_ms: number;
  error_code: string | null;
  created_at: string;
}

export interface AuditQuery {
  pageSize?: number;
  pageToken?: string;
  connectionName?: string;
  identifier?: string;
  status?: number;
}

const toEntry = (r: Omit<ProxyAuditRow, 'id'> & { id: number }): AuditEntry => ({
  id: String(r.id),
  connection_name: r.connection_name,
  connection_id: r.connection_id,
  identifier: r.identifier,
  connected_account_id: r.account_id,
  method: r.method,
  path: r.path,
  status: r.status,
  latency_ms: r.latency_ms,
  error_code: r.error_code,
  created_at: r.created_at,
});

/** An environment's proxy audit log, newest first, filtered and paged by id (keyset). */
export async function listProxyAudit(db: Kysely<Tables>, envId: string, q: AuditQuery): Promise<{ entries: AuditEntry[]; nextPageToken: string }> {
  const pageSize = pageSizeOf(q.pageSize, AUDIT_MAX_PAGE_SIZE);
  const cursor = decodeCursor(q.pageToken);
  if (cursor && (!('after' in cursor) || !/^\d+$/.test(cursor.after))) throw invalidArgument('page_token', 'is not a page token of this list; pass next_page_token from a previous response');
  let query = db.selectFrom('proxy_audit').selectAll().where('environment_id', '=', envId);
  if (cursor && 'after' in cursor) query = query.where('id', '<', Number(cursor.after));
  if (q.connectionName) query = query.where('connection_name', '=', q.connectionName);
  if (q.identifier) query = query.where('identifier', '=', q.identifier);
  if (q.status !== undefined) query = query.where('status', '=', q.status);
  const rows = await query.orderBy('id', 'desc').limit(pageSize + 1).execute();
  const page = rows.slice(0, pageSize).map((r) => toEntry(r as unknown as Omit<ProxyAuditRow, 'id'> & { id: number }));
  return { entries: page, nextPageToken: rows.length > pageSize ? encodeCursor({ after: page[page.length - 1].id }) : '' };
}
