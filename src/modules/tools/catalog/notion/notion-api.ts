import { ToolFailure, type ToolRequest, type ToolRunContext } from '../../definition/tool-spec.js';

/**
 * The API version every Notion tool pins. 2022-06-28 is the last version where a database is
 * queried directly (2025-09-03 moved rows to data sources); Notion keeps old versions working.
 */
export const NOTION_VERSION = '2022-06-28';

/** Statuses Notion answers with a JSON error a model can act on; 401/403/429/5xx stay with the runtime. */
const EXPLAINED = [400, 404, 409];

/**
 * Calls Notion with the Notion-Version header and turns its `{object: "error", code, message}` into a
 * ToolFailure naming the code (object_not_found, validation_error…), never the raw payload.
 */
export async function notionCall<T = any>(ctx: ToolRunContext, req: ToolRequest): Promise<T> {
  const res = await ctx.request({ ...req, headers: { ...req.headers, 'Notion-Version': NOTION_VERSION } }, { allowStatus: EXPLAINED });
  if (res.status >= 200 && res.status < 300) return res.body as T;
  const err = (res.body ?? {}) as { code?: unknown; message?: unknown };
  const code = typeof err.code === 'string' && /^[a-z_]{1,64}$/.test(err.code) ? err.code : 'unknown_error';
  const message = typeof err.message === 'string' ? err.message.slice(0, 300) : `Notion answered ${res.status}`;
  throw new ToolFailure(`Notion ${code}: ${message}`, res.status, code);
}

/** A Notion id; the key name says what it is, so a description is added only where it is not obvious. */
export const pageId = (description?: string) => ({
  type: 'string',
  // Notion accepts ids with or without dashes; models often copy them from URLs without.
  pattern: '^[0-9a-fA-F-]{32,36}$',
  ...(description ? { description } : {}),
});

export const startCursor = { type: 'string', maxLength: 100, description: 'From next_cursor' };

export const pageSize = (dflt: number) => ({ type: 'integer', minimum: 1, maximum: 100, default: dflt });

// start_cursor says where it comes from; null means the last page.
export const nextCursorOut = { type: ['string', 'null'] };

/** Notion's list answers carry `next_cursor` only while `has_more`. */
export const nextCursor = (body: { has_more?: boolean; next_cursor?: string | null }): string | null =>
  (body.has_more && body.next_cursor) || null;
