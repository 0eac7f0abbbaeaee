import { invalidArgument } from '../errors/domain-error.js';
import type { InjectedCredential } from './inject-credentials.js';

/** RFC 9110 §7.6.1 connection-specific headers, plus the obsolete ones proxies still see. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-authenticate', 'proxy-authorization', 'http2-settings']);

/**
 * Caller headers that never go upstream: hop-by-hop ones, `host` (set from the upstream origin),
 * the caller's own `authorization` (its Latchkey token), the proxy's routing headers, and
 * `expect` (the proxy streams; 100-continue is between the caller and the proxy).
 */
const NOT_FORWARDED = new Set([...HOP_BY_HOP, 'host', 'authorization', 'connection_name', 'identifier', 'expect']);

const TOKEN_RE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAD_VALUE_RE = /[\r\n\0]/;

/** Header names listed in a `Connection` header, lowercase (they are hop-by-hop too). */
function connectionListed(value: string | undefined): Set<string> | undefined {
  // The common values name no header: skip the allocation on the hot path.
  if (!value || value === 'keep-alive' || value === 'close' || value === 'Keep-Alive') return undefined;
  return new Set(value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean));
}

/**
 * The headers sent upstream, as a flat `[name, value, …]` list: the caller's (raw, repeated ones
 * kept) minus those that must not travel, then the injected credential, which no caller header can
 * replace. Refuses names that are not HTTP tokens and values carrying CR, LF or NUL.
 */
export function upstreamRequestHeaders(rawHeaders: readonly string[], credential: InjectedCredential): string[] {
  let listed: Set<string> | undefined;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i].length === 10 && rawHeaders[i].toLowerCase() === 'connection') listed = connectionListed(rawHeaders[i + 1]);
  }
  const out: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i];
    const value = rawHeaders[i + 1];
    if (name.charCodeAt(0) === 58 /* ':' HTTP/2 pseudo-header */) continue;
    const lower = name.toLowerCase();
    if (NOT_FORWARDED.has(lower) || lower === credential.lowerName || listed?.has(lower)) continue;
    // Node's parsers already refuse these on HTTP/1.1 and HTTP/2; checked again before anything is sent upstream.
    if (!TOKEN_RE.test(name)) throw invalidArgument('headers', `holds a header name that is not a valid HTTP token`);
    if (BAD_VALUE_RE.test(value)) throw invalidArgument('headers', `header '${name}' contains CR, LF or NUL, which could split the upstream request`);
    out.push(name, value);
  }
  out.push(credential.name, credential.value);
  return out;
}

export type ResponseHeaders = Record<string, string | string[] | undefined>;

/**
 * The upstream's response headers as the caller gets them: hop-by-hop ones removed (also those the
 * upstream's `Connection` names), and any header whose value contains the injected credential.
 */
export function downstreamResponseHeaders(headers: ResponseHeaders, secrets: readonly string[]): ResponseHeaders {
  const listed = connectionListed(typeof headers.connection === 'string' ? headers.connection : undefined);
  const out: ResponseHeaders = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || HOP_BY_HOP.has(name) || listed?.has(name)) continue;
    if (secrets.length && carriesSecret(value, secrets)) continue;
    out[name] = value;
  }
  return out;
}

function carriesSecret(value: string | string[], secrets: readonly string[]): boolean {
  if (Array.isArray(value)) return value.some((v) => carriesSecret(v, secrets));
  for (const s of secrets) if (value.includes(s)) return true;
  return false;
}

/** What the proxy itself reads from a caller's headers (first occurrence of each, like Node's `req.headers`). */
export interface CallerHeaders {
  authorization: string | undefined;
  connectionName: string | undefined;
  identifier: string | undefined;
  contentLength: number | undefined;
  chunked: boolean;
}

/** One pass over the raw headers, without building Node's `req.headers` object. */
export function readCallerHeaders(rawHeaders: readonly string[]): CallerHeaders {
  const out: CallerHeaders = { authorization: undefined, connectionName: undefined, identifier: undefined, contentLength: undefined, chunked: false };
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i];
    switch (name.length) {
      case 13:
        if (out.authorization === undefined && name.toLowerCase() === 'authorization') out.authorization = rawHeaders[i + 1];
        break;
      case 15:
        if (out.connectionName === undefined && name.toLowerCase() === 'connection_name') out.connectionName = rawHeaders[i + 1].trim() || undefined;
        break;
      case 10:
        if (out.identifier === undefined && name.toLowerCase() === 'identifier') out.identifier = rawHeaders[i + 1].trim() || undefined;
        break;
      case 14:
        if (out.contentLength === undefined && name.toLowerCase() === 'content-length') out.contentLength = Number(rawHeaders[i + 1]);
        break;
      case 17:
        if (name.toLowerCase() === 'transfer-encoding') out.chunked = true;
        break;
    }
  }
  return out;
}
