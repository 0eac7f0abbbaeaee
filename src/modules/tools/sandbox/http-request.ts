import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { DomainError, invalidArgument } from '../../errors/domain-error.js';
import { environmentAllowList } from '../../egress/environment-allow-list.js';
import type { OutboundFetcher } from '../../egress/outbound-fetch.js';
import { refusalIn } from '../../egress/ssrf-guard.js';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);
const MAX_RESPONSE_BYTES = 1024 * 1024;
const MAX_REQUEST_BYTES = 1024 * 1024;
const TIMEOUT_MS = 10_000;

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the answer is JSON, else its text. */
  body: unknown;
}

const field = (name: string) => `utils.httpRequest.${name}`;

function requestOf(args: unknown): { url: URL; method: string; headers: Record<string, string>; body: string | undefined } {
  const a = (args && typeof args === 'object' ? args : {}) as Record<string, unknown>;
  if (typeof a.url !== 'string' || !URL.canParse(a.url)) throw invalidArgument(field('url'), 'must be an absolute http(s) URL');
  const url = new URL(a.url);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalidArgument(field('url'), 'must be an absolute http(s) URL');
  const method = typeof a.method === 'string' ? a.method.toUpperCase() : 'GET';
  if (!METHODS.has(method)) throw invalidArgument(field('method'), `must be one of ${[...METHODS].join(', ')}`);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries((a.headers && typeof a.headers === 'object' ? a.headers : {}) as Record<string, unknown>)) {
    if (typeof v !== 'string' && typeof v !== 'number') throw invalidArgument(field(`headers.${k.slice(0, 64)}`), 'must be a string');
    headers[k.toLowerCase()] = String(v);
  }
  let body: string | undefined;
  if (typeof a.body === 'string') body = a.body;
  else if (a.body !== undefined && a.body !== null) {
    body = JSON.stringify(a.body);
    headers['content-type'] ??= 'application/json';
  }
  if (body !== undefined && Buffer.byteLength(body) > MAX_REQUEST_BYTES) throw invalidArgument(field('body'), `must be at most ${MAX_REQUEST_BYTES} bytes`);
  return { url, method, headers, body };
}

async function readCapped(res: Response): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body ?? []) {
    size += (chunk as Uint8Array).byteLength;
    if (size > MAX_RESPONSE_BYTES) throw new DomainError('resource_exhausted', `utils.httpRequest: the answer is larger than ${MAX_RESPONSE_BYTES} bytes`, { reason: 'CODE_TOOL_HTTP_TOO_LARGE' });
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * context.utils.httpRequest through the egress guard every outbound call uses: non-public
 * destinations are refused unless the environment's proxy_allowed_hosts names them, no redirect
 * is followed, and the answer is capped. A non-2xx answer is returned, not thrown, as fetch does.
 */
export async function httpRequest(db: Kysely<Tables>, envId: string, outbound: OutboundFetcher, args: unknown, signal: AbortSignal): Promise<HttpAnswer> {
  const req = requestOf(args);
  const fetch = outbound.forAllowList(await environmentAllowList(db, envId));
  try {
    const res = await fetch(req.url.toString(), { method: req.method, headers: req.headers, body: req.body, signal: AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]) });
    const text = await readCapped(res);
    const headers = Object.fromEntries(res.headers);
    let body: unknown = text;
    if (headers['content-type']?.includes('json') && text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    return { status: res.status, headers, body };
  } catch (err) {
    if (err instanceof DomainError) throw err;
    const refused = refusalIn(err);
    // The origin only: a path or query may carry data the tool was given.
    if (refused) throw new DomainError('permission_denied', `utils.httpRequest refused ${req.url.origin}: ${refused.message.replace(/^the proxy does not connect to/, 'Latchkey does not connect to')}; an environment admin can allow it in proxy_allowed_hosts`, { reason: 'PROXY_DESTINATION_REFUSED' });
    if (signal.aborted) throw new DomainError('deadline_exceeded', 'utils.httpRequest was cancelled: the tool was stopped', { reason: 'CODE_TOOL_CANCELLED' });
    throw new DomainError('unavailable', `utils.httpRequest to ${req.url.origin} failed (${(err as Error)?.name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS} ms` : 'unreachable'})`, { reason: 'UPSTREAM_UNREACHABLE' });
  }
}
