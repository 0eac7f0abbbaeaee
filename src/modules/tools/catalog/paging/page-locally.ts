import { ToolFailure } from '../../definition/tool-spec.js';

/**
 * Pages a list the API returns whole (Gmail labels and filters, Graph's joined teams and
 * channels have no page token), so list tools keep one shape: a page size in, `next_cursor`
 * out. The cursor is the next offset.
 */
export function pageLocally<T>(items: T[], pageSize: number, cursor: string | undefined): { page: T[]; next_cursor: string | null } {
  if (cursor !== undefined && !/^\d{1,9}$/.test(cursor)) {
    throw new ToolFailure('cursor is invalid: pass the next_cursor of a previous call, or leave it out');
  }
  const start = cursor === undefined ? 0 : Number(cursor);
  const end = start + pageSize;
  return { page: items.slice(start, end), next_cursor: end < items.length ? String(end) : null };
}
