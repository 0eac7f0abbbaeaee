import type { FetchLike } from '@modelcontextprotocol/client';
import type { ToolRunContext } from '../tools/definition/tool-spec.js';

/** Every status, so that the MCP client (not ctx.request) decides what a non-2xx answer means. */
const ANY_STATUS = Array.from({ length: 500 }, (_, i) => i + 100);
const NO_BODY_STATUS = new Set([101, 103, 204, 205, 304]);
/** Dropped from the rebuilt answer: the body was read whole (and JSON re-serialised), so these would lie. */
const BODY_FRAMING = new Set(['content-length', 'content-encoding', 'transfer-encoding']);

/** What the last exchange went wrong with, for the error the call ends with (the SDK wraps what it sees). */
export interface ExchangeTrace {
  /** An error the proxy machinery threw (unreachable, refused destination, deadline). */
  error?: unknown;
  /** The latest answer, when it was not 2xx. */
  failed?: { status: number; headers: Record<string, string>; body: unknown };
}

function bodyText(body: RequestInit['body']): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array || body instanceof ArrayBuffer) return Buffer.from(body as Uint8Array).toString('utf8');
  throw new TypeError('the MCP client sent a request body that is not text');
}

/**
 * The MCP client's `fetch`: each request goes to the connection's proxy_url through the Tool
 * Proxy's machinery (ctx.request: the account's credential injected, the egress guard, an OAuth 401
 * refreshed once). Exchanges are buffered, so the standalone GET stream is answered 405 here, as a
 * server without one would: the client then carries on over POSTs alone.
 */
export function upstreamFetch(ctx: ToolRunContext, trace: ExchangeTrace): FetchLike {
  return async (_url, init = {}) => {
    const method = (init.method ?? 'GET').toUpperCase();
    if (method !== 'POST' && method !== 'DELETE') return new Response(null, { status: 405, headers: { allow: 'POST, DELETE' } });
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => {
      // The proxy injects the account's credential; whatever the client holds is not sent.
      if (name !== 'authorization') headers[name] = value;
    });
    let answer;
    try {
      answer = await ctx.request({ method, path: '', headers, body: bodyText(init.body) }, { allowStatus: ANY_STATUS });
    } catch (err) {
      trace.error = err;
      throw err;
    }
    // Only the latest answer counts: a probe refused before the fallback handshake is not the failure.
    trace.failed = answer.status < 200 || answer.status > 299 ? answer : undefined;
    const out = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) if (!BODY_FRAMING.has(name)) out.set(name, value);
    const text = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    return new Response(NO_BODY_STATUS.has(answer.status) || text === '' ? null : text, { status: answer.status, headers: out });
  };
}
