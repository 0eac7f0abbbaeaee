import type { SelectQueryBuilder } from 'kysely';
import { decodeCursor, encodeCursor } from './page-token.js';

export interface Page<T> {
  items: T[];
  nextPageToken: string;
  prevPageToken: string;
  totalSize: number;
}

/**
 * Keyset pagination over a time-ordered `id` column (see storage/ids.ts): stable under
 * concurrent inserts and deletes, unlike offsets. `query` carries the filters only.
 */
export async function keysetPage<DB, TB extends keyof DB, Row extends { id: string }>(
  query: SelectQueryBuilder<DB, TB, Row>,
  opts: { pageToken?: string; pageSize: number },
): Promise<Page<Row>> {
  const cursor = decodeCursor(opts.pageToken);
  const q = query as unknown as SelectQueryBuilder<any, any, Row>;
  const countRow = await q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const totalSize = Number((countRow as unknown as { n: number } | undefined)?.n ?? 0);

  const limit = opts.pageSize + 1;
  let rows: Row[];
  let hasBefore: boolean;
  let hasAfter: boolean;
  if (cursor && 'before' in cursor) {
    const found = await q.where('id', '<', cursor.before).orderBy('id', 'desc').limit(limit).execute();
    hasBefore = found.length === limit;
    rows = found.slice(0, opts.pageSize).reverse();
    hasAfter = true;
  } else {
    const base = cursor ? q.where('id', '>', cursor.after) : q;
    const found = await base.orderBy('id', 'asc').limit(limit).execute();
    hasAfter = found.length === limit;
    rows = found.slice(0, opts.pageSize);
    hasBefore = cursor !== undefined;
  }
  return {
    items: rows,
    totalSize,
    nextPageToken: hasAfter && rows.length ? encodeCursor({ after: rows[rows.length - 1].id }) : '',
    prevPageToken: hasBefore && rows.length ? encodeCursor({ before: rows[0].id }) : '',
  };
}
