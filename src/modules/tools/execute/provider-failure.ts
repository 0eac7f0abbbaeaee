import { ToolFailure } from '../definition/tool-spec.js';

const CODE_RE = /^[A-Za-z0-9_.:-]{1,64}$/;
const token = (v: unknown): string | undefined => (typeof v === 'string' && CODE_RE.test(v) ? v : undefined);

/**
 * The provider's own short error code, where its usual error shapes carry one: `{"error":
 * "invalid_auth"}` (Slack, OAuth), `{"error": {"status": "PERMISSION_DENIED"}}` (Google),
 * `{"code": "object_not_found"}` (Notion), `[{"errorCode": "INVALID_FIELD"}]` (Salesforce).
 * Never its message, which may echo what was sent.
 */
export function providerErrorCode(body: unknown): string | undefined {
  if (Array.isArray(body)) return token((body[0] as { errorCode?: unknown })?.errorCode);
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  const err = b.error as Record<string, unknown> | string | undefined;
  return token(err) ?? (err && typeof err === 'object' ? token(err.status) ?? token(err.code) : undefined) ?? token(b.code) ?? token(b.errorCode) ?? token(b.error_code);
}

/** Retry-After as seconds (delta-seconds or an HTTP date), when the provider sent one. */
export function retryAfterSeconds(value: string | undefined): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** A non-2xx provider answer as a tool failure: a short message a model can act on, no payload. */
export function providerFailure(status: number, headers: Record<string, string>, body: unknown): ToolFailure {
  const code = providerErrorCode(body);
  const tag = `HTTP ${status}${code ? `, ${code}` : ''}`;
  if (status === 401) return new ToolFailure(`the provider refused the account's credentials (${tag}); the user may need to reconnect the account through a new authorization link`, status, code);
  if (status === 403) return new ToolFailure(`the provider denied this action (${tag}); the account may lack the scope or permission it needs`, status, code);
  if (status === 404) return new ToolFailure(`the provider found nothing at that address (${tag}); check the ids in the input`, status, code);
  if (status === 429) {
    const after = retryAfterSeconds(headers['retry-after']);
    return new ToolFailure(`the provider is rate limiting this account (${tag}); ${after !== undefined ? `retry after ${after} s` : 'retry later'}`, status, code, after);
  }
  if (status >= 500) return new ToolFailure(`the provider failed to answer (${tag}); retry later`, status, code);
  return new ToolFailure(`the provider refused the request (${tag}); check the input`, status, code);
}
