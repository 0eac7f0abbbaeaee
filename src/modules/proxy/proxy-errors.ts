import { DomainError, type ErrorCode } from '../errors/domain-error.js';
import { DestinationRefusedError } from '../egress/ssrf-guard.js';

/** A proxy failure whose HTTP status differs from its code's usual one (413, 405, 502). */
export class ProxyError extends DomainError {
  constructor(code: ErrorCode, message: string, reason: string, readonly httpStatus?: number) {
    super(code, message, { reason });
    this.name = 'ProxyError';
  }
}

/** The caller's body exceeded PROXY_MAX_BODY_BYTES. */
export class BodyTooLargeError extends ProxyError {
  constructor(limit: number) {
    super('resource_exhausted', `request body exceeds the proxy's ${limit}-byte limit (PROXY_MAX_BODY_BYTES)`, 'PROXY_BODY_TOO_LARGE', 413);
  }
}

/** The caller stopped sending its request body mid-way for longer than the connection's timeout. */
export class BodyStalledError extends ProxyError {
  constructor(idleMs: number) {
    super('deadline_exceeded', `the request body stalled: no bytes arrived for ${idleMs} ms (the connection's timeout_ms)`, 'PROXY_BODY_STALLED', 408);
  }
}

/** Maps a failure of the upstream exchange (undici / socket / guard errors) to what the caller is told. */
export function upstreamFailure(err: unknown, ctx: { connectionName: string; timeoutMs: number }): DomainError {
  if (err instanceof DomainError) return err;
  if (err instanceof DestinationRefusedError) {
    // A plain-http refusal's message already states its rule (NOT_LOOPBACK_FOR_HTTP).
    const rule = err.plainHttp ? '' : "; loopback, private, link-local, CGNAT and metadata addresses are refused unless the environment's proxy_allowed_hosts names the host";
    return new ProxyError('permission_denied', `${err.message}${rule}`, 'PROXY_DESTINATION_REFUSED');
  }
  const code = String((err as { code?: unknown })?.code ?? '');
  if (code === 'UND_ERR_HEADERS_TIMEOUT') {
    return new ProxyError(
      'deadline_exceeded',
      `the upstream did not answer within ${ctx.timeoutMs} ms (connection '${ctx.connectionName}' timeout_ms); retry later or raise the connection's timeout`,
      'UPSTREAM_TIMEOUT',
    );
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new ProxyError('deadline_exceeded', 'the upstream did not accept a connection within 10 s; retry later', 'UPSTREAM_TIMEOUT');
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new ProxyError('unavailable', "the upstream host name does not resolve; check the provider's proxy_url and the account's host fields", 'UPSTREAM_UNREACHABLE', 502);
  }
  const detail = /^[A-Z_]+$/.test(code) ? ` (${code})` : '';
  return new ProxyError('unavailable', `the upstream could not be reached or closed the connection${detail}`, 'UPSTREAM_UNREACHABLE', 502);
}
