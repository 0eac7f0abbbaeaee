import { ToolFailure, type ToolRunContext } from '../../definition/tool-spec.js';

interface GraphqlError {
  message?: string;
  extensions?: { code?: string; type?: string; statusCode?: number; userPresentableMessage?: string };
}

/**
 * Sends one operation to Linear's GraphQL endpoint (POST /graphql). Linear reports failures as
 * `errors` in a 200 answer (or a 400): they become a ToolFailure with Linear's code and its
 * user-presentable message, and the status Linear puts in `extensions.statusCode` (401, 403, 429…)
 * so the runtime maps them like HTTP failures.
 */
export async function linearQuery<T = any>(ctx: ToolRunContext, query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await ctx.request({ method: 'POST', path: '/graphql', json: { query, variables } }, { allowStatus: [400] });
  const body = (res.body ?? {}) as { data?: T | null; errors?: GraphqlError[] };
  const first = Array.isArray(body.errors) ? body.errors[0] : undefined;
  if (first) {
    const ext = first.extensions ?? {};
    const code = typeof ext.code === 'string' && /^[A-Z_]{1,64}$/.test(ext.code) ? ext.code : 'GRAPHQL_ERROR';
    const text = String(ext.userPresentableMessage ?? first.message ?? 'request failed').slice(0, 300);
    const status = typeof ext.statusCode === 'number' ? ext.statusCode : code === 'RATELIMITED' ? 429 : res.status === 200 ? 400 : res.status;
    throw new ToolFailure(`Linear ${code}: ${text}`, status, code);
  }
  if (res.status !== 200 || !body.data) throw new ToolFailure(`Linear answered ${res.status} without data`, res.status);
  return body.data;
}

/** A mutation payload with `success: false` carries no error: report it rather than a null record. */
export function ensureSuccess<P extends { success?: boolean }>(payload: P | null | undefined, what: string): P {
  if (!payload?.success) throw new ToolFailure(`Linear did not ${what}`, 400, 'UNSUCCESSFUL');
  return payload;
}

export const uuid = (description?: string) => ({ type: 'string', format: 'uuid', ...(description ? { description } : {}) });
export const issueRef = { type: 'string', pattern: '^([0-9a-fA-F-]{36}|[A-Za-z0-9]{1,10}-[0-9]{1,9})$', description: 'e.g. ENG-123' };
export const first = (dflt: number) => ({ type: 'integer', minimum: 1, maximum: 100, default: dflt });
export const after = { type: 'string', maxLength: 200, description: 'From next_cursor' };
// `after` says where it comes from; null means the last page.
export const nextCursorOut = { type: ['string', 'null'] };

export const nextCursor = (pageInfo: { hasNextPage?: boolean; endCursor?: string | null } | undefined): string | null =>
  (pageInfo?.hasNextPage && pageInfo.endCursor) || null;

export const PAGE_INFO = 'pageInfo { hasNextPage endCursor }';
