import { invalidArgument } from '../errors/domain-error.js';

/** A keyset cursor: the page after `a`, or the page before `b`. Opaque to callers. */
export type Cursor = { after: string } | { before: string } | undefined;

export function encodeCursor(cursor: { after: string } | { before: string }): string {
  return Buffer.from(JSON.stringify('after' in cursor ? { a: cursor.after } : { b: cursor.before })).toString('base64url');
}

export function decodeCursor(token: string | undefined, field = 'page_token'): Cursor {
  if (!token) return undefined;
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof v?.a === 'string') return { after: v.a };
    if (typeof v?.b === 'string') return { before: v.b };
  } catch {
    // fall through
  }
  throw invalidArgument(field, 'is not a page token returned by this API; pass next_page_token or prev_page_token from a previous response');
}

export const DEFAULT_PAGE_SIZE = 10;

export function pageSizeOf(requested: number | undefined, max: number, field = 'page_size'): number {
  if (requested === undefined || requested === 0) return Math.min(DEFAULT_PAGE_SIZE, max);
  if (!Number.isInteger(requested) || requested < 0) throw invalidArgument(field, 'must be a positive integer');
  if (requested > max) throw invalidArgument(field, `must be at most ${max}`);
  return requested;
}
