import { DomainError, invalidArgument } from '../errors/domain-error.js';
import { fillTemplate } from '../providers/definition/template.js';
import { canonicalHost } from '../egress/ip-ranges.js';
import { PLAIN_HTTP_RULE, isPlainHttpHost } from '../egress/plain-http-rule.js';

/** Where proxied calls of one account go: the provider's `proxy_url` with its templates filled. */
export interface UpstreamBase {
  /** `https://api.example.com`, or `http://127.0.0.1:port` when proxy_url says so (loopback only). */
  origin: string;
  /** The proxy_url path without a trailing slash, `''` for none. */
  basePath: string;
  /** The proxy_url query string without `?`, usually `''`. */
  baseQuery: string;
  /** The upstream host, canonical. */
  host: string;
}

/** A caller path split and checked: both parts raw, exactly as received. */
export interface CallerTarget {
  path: string;
  query: string;
}

const SCHEME_RE = /^\/*[A-Za-z][A-Za-z0-9+.-]*:[/\\]{2}/;
const RAW_FORBIDDEN_RE = /[\x00-\x20\x7f]/;
const CONTROL_RE = /[\x00-\x1f\x7f]/;
/** `.`, `..`, and their `;param` forms that some servers (Tomcat) also treat as dot segments. */
const DOT_SEGMENT_RE = /^\.\.?(?:;.*)?$/;

/**
 * Fills `proxy_url` from the account's values, keeping its scheme as written: https is TLS, and
 * http is accepted for a loopback host only (plain-http-rule.ts; definitions are checked when
 * saved, this guards older rows; the SSRF guard still requires the host in proxy_allowed_hosts).
 */
export function resolveUpstreamBase(proxyUrl: string, values: Record<string, string>): UpstreamBase {
  const filled = fillTemplate(proxyUrl, values, { allowPath: true });
  let url: URL;
  try {
    url = new URL(filled);
  } catch {
    throw new DomainError('failed_precondition', "the provider's proxy_url, filled with this connected account's fields, is not a valid URL; check the account's host fields", {
      reason: 'PROXY_URL_INVALID',
    });
  }
  const host = canonicalHost(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isPlainHttpHost(url.hostname))) {
    throw new DomainError('failed_precondition', `the provider's proxy_url must be an https URL (${PLAIN_HTTP_RULE})`, { reason: 'PROXY_URL_INVALID' });
  }
  if (url.username || url.password) {
    throw new DomainError('failed_precondition', "the provider's proxy_url must not carry credentials", { reason: 'PROXY_URL_INVALID' });
  }
  return {
    origin: `${url.protocol}//${url.host}`,
    basePath: url.pathname === '/' ? '' : url.pathname.replace(/\/+$/, ''),
    baseQuery: url.search.slice(1),
    host,
  };
}

/** Decodes percent-escapes up to three times (double encoding), or undefined if malformed. */
function decodeRepeatedly(s: string): string | undefined {
  let cur = s;
  for (let i = 0; i < 3 && cur.includes('%'); i++) {
    try {
      cur = decodeURIComponent(cur);
    } catch {
      return undefined;
    }
  }
  return cur;
}

const pathRefused = (why: string) => invalidArgument('path', `${why}; paths are relative to the provider's proxy_url`);

/**
 * Splits the request target after `/proxy` into path and query and refuses any path that could
 * leave the provider's base: dot segments (also percent-encoded, also double-encoded, also hidden
 * behind an encoded slash), backslashes, a scheme (`http://…`) or a scheme-relative `//host`.
 */
export function checkCallerTarget(rawTarget: string): CallerTarget {
  const q = rawTarget.indexOf('?');
  const path = q < 0 ? rawTarget : rawTarget.slice(0, q);
  const query = q < 0 ? '' : rawTarget.slice(q + 1);
  if (RAW_FORBIDDEN_RE.test(rawTarget) || rawTarget.includes('#')) throw pathRefused('must not contain spaces, control characters or #');
  if (path === '') return { path, query };
  if (!path.startsWith('/')) throw pathRefused('must start with /');
  const decoded = decodeRepeatedly(path);
  if (decoded === undefined) throw pathRefused('holds a malformed percent-escape');
  if (decoded.includes('\\')) throw pathRefused('must not contain a backslash');
  if (decoded.startsWith('//')) throw pathRefused('must not start with // (a scheme-relative URL)');
  if (SCHEME_RE.test(decoded)) throw pathRefused('must not be an absolute URL');
  if (CONTROL_RE.test(decoded)) throw pathRefused('must not contain encoded control characters');
  if (decoded.includes('/.')) for (const seg of decoded.split('/')) if (DOT_SEGMENT_RE.test(seg)) throw pathRefused('must not contain . or .. segments');
  return { path, query };
}

/** The request target sent upstream: base path + caller path, base query + caller query. */
export function upstreamPath(base: UpstreamBase, target: CallerTarget): string {
  const path = base.basePath + target.path || '/';
  const query = base.baseQuery && target.query ? `${base.baseQuery}&${target.query}` : base.baseQuery || target.query;
  return query ? `${path}?${query}` : path;
}

/** What the audit log keeps of a target: the path and the query parameter names, never their values. */
export function auditPath(rawTarget: string): string {
  const q = rawTarget.indexOf('?');
  if (q < 0) return (rawTarget || '/').slice(0, 1024);
  let keys = '';
  for (let start = q + 1; start < rawTarget.length; ) {
    let end = rawTarget.indexOf('&', start);
    if (end < 0) end = rawTarget.length;
    const eq = rawTarget.indexOf('=', start);
    const key = rawTarget.slice(start, eq >= 0 && eq < end ? eq : end);
    if (key) keys = keys ? `${keys}&${key}` : key;
    start = end + 1;
  }
  const path = rawTarget.slice(0, q) || '/';
  return (keys ? `${path}?${keys}` : path).slice(0, 1024);
}
