import { ToolFailure, type ToolRequest, type ToolRunContext } from '../../definition/tool-spec.js';

/**
 * Microsoft Graph v1.0 (Outlook, Teams) answers errors as `{"error": {code, message}}`. Statuses a
 * model can act on (bad input, unknown id, conflict) become a short ToolFailure naming Graph's
 * code; 401/403/429/5xx stay with the runtime, which refreshes credentials and maps them.
 */
const TOOL_LEVEL_STATUSES = [400, 404, 409, 412];

export const GRAPH = '/v1.0';

export async function callGraph<T = any>(ctx: ToolRunContext, req: ToolRequest, what: string): Promise<T> {
  const res = await ctx.request(req, { allowStatus: TOOL_LEVEL_STATUSES });
  if (res.status >= 200 && res.status < 300) return (res.body ?? {}) as T;
  const err = (res.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const code = typeof err?.code === 'string' ? err.code : undefined;
  const detail = typeof err?.message === 'string' ? err.message.slice(0, 200) : `HTTP ${res.status}`;
  throw new ToolFailure(`${what} ${res.status === 404 ? 'not found' : 'failed'}: ${detail}`, res.status, code);
}

/** Encodes one path segment (ids from a model are never trusted to be URL-safe). */
export const seg = (value: string): string => encodeURIComponent(value);

/** A Graph page: `value` plus `@odata.nextLink`, the whole URL of the next page. */
export interface GraphPage<T> { value?: T[]; '@odata.nextLink'?: string }

/** The cursor a model gets: the next link without its origin (the connection's base URL is added back). */
export function nextCursor(page: GraphPage<unknown>): string | null {
  const link = page['@odata.nextLink'];
  if (!link) return null;
  const url = new URL(link, 'https://graph.microsoft.com');
  return url.pathname + url.search;
}

/**
 * The GET for a page a cursor names. Graph says to follow the next link whole (its $skip or
 * $skiptoken is opaque), so the cursor carries every query option; it must name the same list.
 */
export function cursorRequest(cursor: string, listPath: RegExp, headers?: Record<string, string>): ToolRequest {
  const url = URL.canParse(cursor, 'https://graph.microsoft.com') ? new URL(cursor, 'https://graph.microsoft.com') : undefined;
  if (!url || !cursor.startsWith(`${GRAPH}/`) || !listPath.test(url.pathname)) {
    throw new ToolFailure('cursor is invalid: pass the next_cursor of a previous call to this tool, or leave it out');
  }
  const query: Record<string, string[]> = {};
  for (const [k, v] of url.searchParams) (query[k] ??= []).push(v);
  return { method: 'GET', path: url.pathname, query, headers };
}

/** `{emailAddress: {name, address}}` → `Name <address>`, the form a model reads and writes. */
export interface GraphRecipient { emailAddress?: { name?: string; address?: string } }
export function recipientText(r: GraphRecipient | undefined): string {
  const name = r?.emailAddress?.name;
  const address = r?.emailAddress?.address ?? '';
  return name && name !== address ? `${name} <${address}>` : address;
}
export const toRecipients = (addresses: string[] | undefined) => (addresses ?? []).map((address) => ({ emailAddress: { address } }));
