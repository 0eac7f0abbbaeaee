import { ToolFailure, type ToolRequest, type ToolRunContext } from '../../definition/tool-spec.js';

/**
 * Asana's REST API 1.0 (paths under /1.0 of the proxy_url) wraps every payload in `{"data": …}`,
 * pages with `next_page.offset`, and explains a refusal as `{"errors": [{"message": …}]}`.
 */
export interface AsanaPage<T> { data?: T[]; next_page?: { offset?: string } | null }

/** Statuses whose Asana message helps a model fix its call (402: a premium-only feature); 401/403/429/5xx stay with the runtime. */
const EXPLAINED = [400, 402, 404];

export function asanaFailure(body: unknown, status: number): ToolFailure {
  const errors = (body && typeof body === 'object' ? (body as { errors?: unknown }).errors : undefined);
  const messages = Array.isArray(errors) ? errors.map((e) => (e as { message?: unknown })?.message).filter((m) => typeof m === 'string') : [];
  const text = messages.join('; ').slice(0, 300) || 'the request was refused';
  return new ToolFailure(`Asana answered ${status}: ${text}`, status, status === 404 ? 'not_found' : undefined);
}

/** One call; answers the parsed body (`{data, next_page}`) of a 2xx. */
export async function asanaCall<T = unknown>(ctx: ToolRunContext, req: ToolRequest): Promise<T> {
  const res = await ctx.request({ ...req, path: `/1.0${req.path}` }, { allowStatus: EXPLAINED });
  if (EXPLAINED.includes(res.status)) throw asanaFailure(res.body, res.status);
  return res.body as T;
}

export const nextCursor = (page: AsanaPage<unknown>): string | null => page.next_page?.offset ?? null;
