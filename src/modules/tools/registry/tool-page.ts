import { decodeCursor, encodeCursor } from '../../paging/page-token.js';
import { invalidArgument } from '../../errors/domain-error.js';

export const TOOL_PAGE_SIZE = Object.freeze({ default: 50, max: 100 });

export interface ToolPage<T> {
  items: T[];
  nextPageToken: string;
  prevPageToken: string;
  totalSize: number;
}

/** page_size: 0 or unset → 50; more than 100 is refused rather than silently clamped. */
export function toolPageSize(requested: number | undefined): number {
  if (!requested) return TOOL_PAGE_SIZE.default;
  if (!Number.isInteger(requested) || requested < 0) throw invalidArgument('page_size', 'must be a positive integer');
  if (requested > TOOL_PAGE_SIZE.max) throw invalidArgument('page_size', `must be at most ${TOOL_PAGE_SIZE.max}`);
  return requested;
}

/**
 * A page of `items`, already sorted by `keyOf` (unique per item). Tokens carry the sort key of the
 * page's edge, so pages stay stable while the catalog or the accounts change between calls.
 */
export function pageOf<T>(items: readonly T[], keyOf: (item: T) => string, opts: { pageSize?: number; pageToken?: string }): ToolPage<T> {
  const size = toolPageSize(opts.pageSize);
  const cursor = decodeCursor(opts.pageToken);
  let start = 0;
  let end: number;
  if (cursor && 'before' in cursor) {
    end = items.findIndex((t) => keyOf(t) >= cursor.before);
    if (end < 0) end = items.length;
    start = Math.max(0, end - size);
  } else {
    if (cursor) {
      start = items.findIndex((t) => keyOf(t) > cursor.after);
      if (start < 0) start = items.length;
    }
    end = Math.min(items.length, start + size);
  }
  const page = items.slice(start, end);
  return {
    items: page,
    totalSize: items.length,
    nextPageToken: end < items.length && page.length ? encodeCursor({ after: keyOf(page[page.length - 1]) }) : '',
    prevPageToken: start > 0 && page.length ? encodeCursor({ before: keyOf(page[0]) }) : '',
  };
}
