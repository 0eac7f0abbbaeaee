import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Core } from '../core.js';
import type { Metrics } from '../metrics.js';
import { invalidArgument } from '../../modules/errors/domain-error.js';
import { auditPath } from '../../modules/proxy/build-upstream-url.js';
import { readCallerHeaders } from '../../modules/proxy/hop-by-hop.js';
import { PinnedDispatchers } from '../../modules/egress/pinned-dispatcher.js';
import { ProxyAuditWriter } from '../../modules/proxy/proxy-audit.js';
import { scheduleAuditRetention } from '../../modules/proxy/audit-retention.js';
import { ProxyError } from '../../modules/proxy/proxy-errors.js';
import { ProxyService, type ProxyCredentials } from '../../modules/proxy/proxy-service.js';
import type { CallerSignal, ResponseSink } from '../../modules/proxy/response-relay.js';
import { toHttpError } from '../../transport/errors/to-http-error.js';
import type { ErrorReporter } from '../../transport/errors/to-connect-error.js';

export interface ProxyHandlerDeps {
  core: Core;
  report: ErrorReporter;
  /** The process's CredentialService (it caches decrypted credentials and refreshes OAuth tokens). */
  credentials: ProxyCredentials;
  /** Request metrics, recorded here for calls that reach the handler without Fastify (see isProxyPath). */
  metrics: Metrics;
}

export type { ProxyCredentials };

export interface ProxyHandler {
  /**
   * Serves one `/proxy…` request on the raw Node request/response; never rejects. `viaFastify`:
   * Fastify's hooks already count and log the request.
   */
  handle(req: IncomingMessage, res: ServerResponse, viaFastify?: boolean): void;
  /** Flushes the audit log and closes the upstream pools. */
  close(): Promise<void>;
  /** The proxy's machinery, for in-process calls (ExecuteTool) sharing its pools and caches. */
  service: ProxyService;
}

const PREFIX = '/proxy';
const ROUTE = '/proxy/*';
/** Status recorded when the caller went away before the response started (nginx's convention). */
const CLIENT_CLOSED = 499;

/** Whether a request target is the Tool Proxy's (`/proxy`, `/proxy/…`, `/proxy?…`). */
export const isProxyPath = (url: string | undefined): boolean =>
  url !== undefined && url.startsWith(PREFIX) && (url.length === PREFIX.length || url[PREFIX.length] === '/' || url[PREFIX.length] === '?');

/**
 * Tells the exchange when the caller goes away, which stops it: a listener list of its own, cheaper
 * per call than an AbortController or an EventEmitter (both showed in profiles of the hot path).
 */
class CallerGone implements CallerSignal {
  aborted = false;
  private listeners: Array<() => void> | undefined;

  once(_event: 'abort', listener: () => void): void {
    (this.listeners ??= []).push(listener);
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    const listeners = this.listeners;
    this.listeners = undefined;
    if (listeners) for (const listener of listeners) listener();
  }
}

/**
 * `ANY /proxy/{path}` — the SDK's `actions.request()` — over raw Node HTTP objects. Bodies of any
 * type and size stream both ways unbuffered; Latchkey's own refusals answer the usual JSON error
 * body plus `x-latchkey-proxy-error: <reason>`, so callers can tell them from the upstream's answers.
 * Every call is audited (proxy_audit); the per-call log line is at debug level, refusals at info.
 */
export function createProxyHandler(deps: ProxyHandlerDeps): ProxyHandler {
  const { core, report, metrics } = deps;
  const dispatchers = new PinnedDispatchers({ upstreamCaFile: core.config.upstreamCaFile });
  const warn = (what: string) => (err: unknown) => core.log.warn({ err: { message: (err as Error)?.message, code: (err as { reason?: string })?.reason } }, what);
  const audit = new ProxyAuditWriter(core.storage, warn('proxy audit write failed'));
  const retention = scheduleAuditRetention({
    db: core.storage.db,
    retentionDays: core.config.proxyAuditRetentionDays,
    onPruned: (deleted) => core.log.info({ deleted, retentionDays: core.config.proxyAuditRetentionDays }, 'pruned old proxy audit rows'),
    onError: warn('proxy audit pruning failed'),
  });
  const series = metrics.requests.route('http', ROUTE);
  const service = new ProxyService({
    storage: core.storage,
    credentials: deps.credentials,
    dispatchers,
    maxBodyBytes: core.config.proxyMaxBodyBytes,
    changes: core.changes,
    onBackgroundError: warn('background token refresh failed'),
  });

  function sendError(req: IncomingMessage, res: ServerResponse, err: unknown): string {
    const { status, body } = toHttpError(err, report);
    const reason = body.details[0]?.error_code ?? body.code;
    if (res.headersSent) {
      res.destroy();
      return reason;
    }
    const payload = JSON.stringify(body);
    const headers: OutgoingHttpHeaders = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(payload),
      'x-latchkey-proxy-error': reason,
    };
    // An unread request body is drained, not read into memory; closing spares reading the rest.
    if (!req.readableEnded && req.httpVersionMajor === 1) {
      headers.connection = 'close';
      req.resume();
    }
    res.writeHead(err instanceof ProxyError && err.httpStatus ? err.httpStatus : status, headers);
    res.end(payload);
    return reason;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, viaFastify: boolean): Promise<void> {
    const started = performance.now();
    const { authorization, connectionName, identifier, contentLength, chunked } = readCallerHeaders(req.rawHeaders);
    const rawTarget = (req.url ?? PREFIX).slice(PREFIX.length);
    const trace = { connectionId: null as string | null, accountId: null as string | null };
    const gone = new CallerGone();
    let envId: string | undefined;
    let errorCode: string | null = null;
    // `close` comes once per response: `on` spares the wrapper `once` allocates.
    res.on('close', () => {
      if (!res.writableFinished) gone.abort();
      const status = res.headersSent ? res.statusCode : CLIENT_CLOSED;
      const ms = performance.now() - started;
      if (!viaFastify) series.record(status, ms / 1000);
      if (errorCode || core.log.isLevelEnabled('debug')) {
        // Path only: query strings can carry codes and tokens.
        const line = { method: req.method, path: `${PREFIX}${rawTarget.split('?')[0]}`, status, ms: Math.round(ms), connection: connectionName, error: errorCode ?? undefined };
        if (errorCode) core.log.info(line, 'proxy call refused');
        else core.log.debug(line, 'proxy call');
      }
      if (!envId) return;
      audit.record({
        environmentId: envId,
        connectionId: trace.connectionId,
        connectionName: connectionName ?? '',
        accountId: trace.accountId,
        identifier: identifier ?? '',
        method: req.method ?? 'GET',
        path: auditPath(rawTarget),
        status,
        latencyMs: ms,
        errorCode,
      });
    });
    try {
      const principal = core.tokens.cachedPrincipal(authorization) ?? (await core.tokens.verifyHeader(authorization));
      envId = principal.environmentId;
      if (!connectionName) throw invalidArgument('connection_name', 'header is required: the name of the connection to call through (the SDK sends connectionName)');
      if (!identifier) throw invalidArgument('identifier', "header is required: the connected account's identifier (the SDK sends identifier)");
      const hasBody =
        contentLength !== undefined
          ? contentLength > 0
          : chunked || (req.httpVersionMajor === 2 && !req.readableEnded && !(req as { stream?: { endAfterHeaders?: boolean } }).stream?.endAfterHeaders);
      await service.forward({
        envId,
        connectionName,
        identifier,
        method: req.method ?? 'GET',
        rawTarget,
        rawHeaders: req.rawHeaders,
        body: hasBody ? req : undefined,
        contentLength,
        signal: gone,
        trace,
      }, res as ServerResponse & ResponseSink);
    } catch (err) {
      errorCode = sendError(req, res, err);
    }
  }

  return {
    service,
    handle(req, res, viaFastify = false) {
      handle(req, res, viaFastify).catch((err) => {
        report(err);
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
    },
    async close() {
      retention.stop();
      await audit.close();
      await dispatchers.close();
    },
  };
}

/**
 * The same handler as a Fastify route, hijacking the reply in `onRequest` (before Fastify parses
 * any body), so every other route keeps its JSON parsing. The listener's request handler sends
 * `/proxy` requests straight to the handler (app.ts), sparing each call the RPC adapter, the router
 * and the hooks; this route serves whatever still reaches Fastify (e.g. `app.inject`).
 */
export function registerProxyRoute(app: FastifyInstance, proxy: ProxyHandler): void {
  const onRequest = (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    reply.hijack();
    proxy.handle(req.raw, reply.raw, true);
    done();
  };
  const unreachable = async () => undefined;
  app.all(PREFIX, { onRequest }, unreachable);
  app.all(`${PREFIX}/*`, { onRequest }, unreachable);
  app.addHook('onClose', () => proxy.close());
}
