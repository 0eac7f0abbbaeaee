import { ToolFailure, type ToolRequest, type ToolRunContext } from '../../definition/tool-spec.js';

/**
 * Google APIs (Gmail, Calendar, Drive…) answer errors as `{"error": {code, message, status,
 * errors: [{reason}]}}`. Statuses a model can act on (bad input, unknown id, conflict, gone) are
 * turned into a short ToolFailure naming Google's reason; 401/403/429/5xx stay with the runtime,
 * which refreshes credentials and maps them to the right tool-error status.
 */
const TOOL_LEVEL_STATUSES = [400, 404, 409, 410, 412];

export async function callGoogle<T = any>(ctx: ToolRunContext, req: ToolRequest, what: string): Promise<T> {
  const res = await ctx.request(req, { allowStatus: TOOL_LEVEL_STATUSES });
  if (res.status >= 200 && res.status < 300) return (res.body ?? {}) as T;
  const err = (res.body as { error?: { message?: unknown; status?: unknown; errors?: Array<{ reason?: unknown }> } } | undefined)?.error;
  const reason = typeof err?.errors?.[0]?.reason === 'string' ? err.errors[0].reason : typeof err?.status === 'string' ? err.status : undefined;
  const detail = typeof err?.message === 'string' ? err.message.slice(0, 200) : `HTTP ${res.status}`;
  const lead = res.status === 404 || res.status === 410 ? `${what} not found` : `${what} failed`;
  throw new ToolFailure(`${lead}: ${detail}`, res.status, reason);
}

/** Encodes one path segment (ids from a model are never trusted to be URL-safe). */
export const seg = (value: string): string => encodeURIComponent(value);

/** The input of Gmail's whole-list tools (labels, filters), paged by paging/page-locally. */
export const localPageInputSchema = {
  type: 'object',
  properties: {
    max_results: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
    cursor: { type: 'string', maxLength: 20 },
  },
  additionalProperties: false,
};
