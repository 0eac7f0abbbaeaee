import { ToolFailure, type ToolRequest, type ToolResponse, type ToolRunContext } from '../../definition/tool-spec.js';

/**
 * Zendesk Support API v2; the catalog's base URL already ends in /api/v2 on the account's
 * subdomain, so paths here are like `/tickets/35436.json`.
 */
const EXPLAINED = [400, 404, 409, 422];

type Detail = { description?: unknown; error?: unknown };

/**
 * Zendesk refuses with `{error: "RecordInvalid", description, details: {field: [{description}]}}`
 * (or `{error: {title, message}}` on some endpoints); only those strings reach the model, capped.
 */
export function zendeskFailure(body: unknown, status: number): ToolFailure {
  const b = (body && typeof body === 'object' ? body : {}) as { error?: unknown; description?: unknown; details?: unknown };
  const err = b.error && typeof b.error === 'object' ? (b.error as { title?: unknown; message?: unknown }) : undefined;
  const code = typeof b.error === 'string' ? b.error : typeof err?.title === 'string' ? err.title : undefined;
  const parts: string[] = [];
  if (typeof b.description === 'string') parts.push(b.description);
  if (typeof err?.message === 'string') parts.push(err.message);
  if (b.details && typeof b.details === 'object') {
    for (const list of Object.values(b.details as Record<string, unknown>)) {
      for (const d of Array.isArray(list) ? (list as Detail[]) : []) if (typeof d.description === 'string') parts.push(d.description);
    }
  }
  const text = parts.join('; ').slice(0, 300) || 'the request was refused';
  return new ToolFailure(`Zendesk answered ${status}: ${text}`, status, code?.slice(0, 60));
}

export async function zendeskCall(ctx: ToolRunContext, req: ToolRequest): Promise<ToolResponse> {
  const res = await ctx.request(req, { allowStatus: EXPLAINED });
  if (EXPLAINED.includes(res.status)) throw zendeskFailure(res.body, res.status);
  return res;
}

export const ticketPath = (id: number, rest = ''): string => `/tickets/${encodeURIComponent(String(id))}${rest}.json`;

/** Cursor-paginated lists answer `meta.has_more` and `meta.after_cursor`. */
export const afterCursor = (meta: { has_more?: boolean; after_cursor?: string | null } | undefined): string | null =>
  (meta?.has_more && meta.after_cursor ? meta.after_cursor : null);
