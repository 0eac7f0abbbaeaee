import http from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import type { Core } from './core.js';
import type { Metrics } from './metrics.js';
import { registerOAuthToken } from './routes/oauth-token.js';
import type { TokenRoute } from './routes/token-route.js';
import { registerKeys } from './routes/keys.js';
import { registerHealth } from './routes/health.js';
import { registerProviderRoutes } from './routes/provider-routes.js';
import { registerUserVerificationRoutes } from './routes/user-verification-routes.js';
import { registerAllowedHostsRoutes } from './routes/allowed-hosts-routes.js';
import { registerCodeToolLimitsRoutes } from './routes/code-tool-limits-routes.js';
import { registerProxyAuditRoutes } from './routes/proxy-audit-routes.js';
import { registerToolExecutionRoutes } from './routes/tool-execution-routes.js';
import { registerToolModifierRoutes } from './routes/tool-modifier-routes.js';
import { registerCustomToolRoutes } from './routes/custom-tool-routes.js';
import { registerOpenApiImportRoutes } from './routes/openapi-import-routes.js';
import type { ToolRegistry } from '../modules/tools/registry/tool-registry.js';
import { registerPages } from '../pages/register-pages.js';
import { registerProxyRoute, type ProxyHandler } from './routes/proxy-route.js';
import { registerRestTranscoder } from '../transport/rest/rest-transcoder.js';
import { RouteMethods } from '../transport/rest/route-methods.js';
import { sendMethodNotAllowed } from '../transport/rest/method-not-allowed.js';
import type { RpcDispatcher } from '../transport/rpc/rpc-dispatcher.js';
import type { ErrorReporter } from '../transport/errors/to-connect-error.js';

export interface HttpApp {
  app: FastifyInstance;
  /** Fastify's request handler, mounted by the listener on HTTP/1.1 and HTTP/2 alike. */
  handler: http.RequestListener;
}

/** Assembles the HTTP routes; never listens (the listener owns the socket). */
export async function buildHttpApp(core: Core, deps: { dispatcher: RpcDispatcher; report: ErrorReporter; metrics: Metrics; draining: () => boolean; extraRoutes?: (app: FastifyInstance) => void; proxy: ProxyHandler; tools?: ToolRegistry; tokenRoute: Pick<TokenRoute, 'answerParsed'> }): Promise<HttpApp> {
  let handler: http.RequestListener | undefined;
  const app = Fastify({
    logger: false,
    bodyLimit: core.config.maxBodyBytes,
    // The listener hands us requests; this server object never listens.
    serverFactory: (h) => {
      handler = h as http.RequestListener;
      return http.createServer();
    },
    routerOptions: { ignoreTrailingSlash: true },
  });
  await app.register(formbody);
  // Like curl scripts do, clients send `Content-Type: application/json` on bodiless DELETEs: treat an empty body as none.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = (body as string).trim();
    if (!text) return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(Object.assign(new Error('request body is not valid JSON'), { statusCode: 400 }), undefined);
    }
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, _req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) {
      const id = deps.report(err);
      return reply.status(500).send({ code: 'INTERNAL', message: `internal error; quote request id ${id} when reporting it`, details: [] });
    }
    const message =
      err.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? `request body exceeds the ${core.config.maxBodyBytes}-byte limit`
        : err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'unsupported Content-Type; send application/json'
          : err.message.replace(/^Body is not valid JSON but content-type is set to 'application\/json'$/, 'request body is not valid JSON');
    return reply.status(status).send({ code: status === 413 ? 'RESOURCE_EXHAUSTED' : 'INVALID_ARGUMENT', message, details: [] });
  });
  // Every route lands in one method table, so a known path asked with another method answers 405 with `Allow`.
  const routeMethods = new RouteMethods();
  app.addHook('onRoute', (route) => routeMethods.add(route.method, route.url));
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0];
    const allowed = routeMethods.allowed(path);
    if (allowed.length) return sendMethodNotAllowed(reply, { method: req.method, path }, allowed, deps.report);
    return reply.status(404).send({ code: 'NOT_FOUND', message: `no route for ${req.method} ${path}`, details: [] });
  });

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    deps.metrics.requests.route('http', route).record(reply.statusCode, reply.elapsedTime / 1000);
    // Path only: query strings can carry codes and tokens; paths with a `:token` (authorization and
    // admin login links) are logged as their route template.
    const path = route.includes(':token') ? route : req.url.split('?')[0];
    core.log.info({ method: req.method, path, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });

  registerOAuthToken(app, deps.tokenRoute);
  registerKeys(app, core.signingKeys);
  registerHealth(app, { ping: () => core.storage.ping(), draining: deps.draining, metrics: deps.metrics.registry });
  registerProviderRoutes(app, { db: core.storage.db, tokens: core.tokens, report: deps.report, changes: core.changes });
  registerUserVerificationRoutes(app, { db: core.storage.db, tokens: core.tokens, report: deps.report });
  registerAllowedHostsRoutes(app, { db: core.storage.db, tokens: core.tokens, report: deps.report, changes: core.changes });
  registerCodeToolLimitsRoutes(app, { db: core.storage.db, tokens: core.tokens, report: deps.report });
  registerProxyAuditRoutes(app, { db: core.storage.db, tokens: core.tokens, report: deps.report });
  registerToolExecutionRoutes(app, { db: core.storage.db, tokens: core.tokens, report: deps.report });
  registerToolModifierRoutes(app, { db: core.storage.db, tokens: core.tokens, report: deps.report, tools: deps.tools });
  registerCustomToolRoutes(app, { db: core.storage.db, tokens: core.tokens, report: deps.report, tools: deps.tools });
  registerOpenApiImportRoutes(app, { db: core.storage.db, tokens: core.tokens, report: deps.report, tools: deps.tools });
  registerPages(app, { db: core.storage.db, vault: core.vault, publicUrl: core.config.publicUrl, upstreamCaFile: core.config.upstreamCaFile, log: core.log, report: deps.report, changes: core.changes });
  registerProxyRoute(app, deps.proxy);
  registerRestTranscoder(app, deps.dispatcher, deps.report, routeMethods);
  deps.extraRoutes?.(app);
  await app.ready();
  return { app, handler: handler! };
}
