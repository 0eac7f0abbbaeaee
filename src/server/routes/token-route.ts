import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseForm } from 'node:querystring';
import type { Logger } from '../../logging/logger.js';
import type { Metrics } from '../metrics.js';
import { pathOf, TOKEN_PATH } from '../../modules/app-signin/app-signin-paths.js';
import { clientCredentialsGrant, type ClientCredentialsDeps, type TokenAnswer } from './client-credentials-grant.js';
import type { ProviderGrants } from './oauth-token.js';
import { readNodeBody } from './read-node-body.js';

const FORM = /^application\/x-www-form-urlencoded\s*(?:;|$)/i;

export interface TokenRouteDeps extends Omit<ClientCredentialsDeps, 'withSignInGrants'> {
  providerGrants?: ProviderGrants;
  /** Largest request body read (MAX_BODY_BYTES; 413 beyond), as Fastify's limit. */
  maxBodyBytes: number;
  metrics: Metrics;
  log: Logger;
  report(err: unknown): string;
}

/**
 * POST /oauth/token with a form body (what every OAuth client sends), answered on the raw request
 * like /proxy and /mcp: the token endpoint is sign-in's hot path, and Fastify's router, form parser
 * and hooks cost it ~15 % of its throughput (bench:login). Other requests go on to the Fastify
 * route (oauth-token.ts), which hands its parsed body to `answerParsed`; one log line and one metric
 * sample per request.
 */
export type TokenRoute = ReturnType<typeof createTokenRoute>;

export function createTokenRoute(deps: TokenRouteDeps) {
  const series = deps.metrics.requests.route('http', TOKEN_PATH);
  const grantDeps: ClientCredentialsDeps = { ...deps, withSignInGrants: !!deps.providerGrants };
  const send = (res: ServerResponse, a: TokenAnswer) => res.writeHead(a.status, { 'content-type': 'application/json; charset=utf-8', ...a.headers }).end(JSON.stringify(a.body));

  /** An unexpected failure: 500 with a request id (the error goes to the report, not the caller). */
  const failed = (res: ServerResponse) => (err: unknown) => {
    const id = deps.report(err);
    if (res.headersSent) res.destroy();
    else send(res, { status: 500, headers: {}, body: { code: 'INTERNAL', message: `internal error; quote request id ${id} when reporting it`, details: [] } });
  };

  /** A token request whose body is parsed: the sign-in grants to app sign-in, client credentials here; never rejects. */
  async function answerParsed(req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>, arrivedAt: number): Promise<void> {
    try {
      if (deps.providerGrants?.handles(body.grant_type)) return await deps.providerGrants.handle(req, res, body, arrivedAt);
      send(res, await clientCredentialsGrant(grantDeps, req.headers.authorization, body));
    } catch (err) {
      failed(res)(err);
    }
  }

  async function answer(req: IncomingMessage, res: ServerResponse, arrivedAt: number): Promise<void> {
    const read = await readNodeBody(req, deps.maxBodyBytes);
    if (read.tooLarge) return void send(res, { status: 413, headers: {}, body: { code: 'RESOURCE_EXHAUSTED', message: `request body exceeds the ${deps.maxBodyBytes}-byte limit`, details: [] } });
    // node:querystring, as oidc-provider parses forms (Fastify's parser agrees): a repeated parameter is an array, refused downstream.
    return answerParsed(req, res, parseForm(read.text) as Record<string, unknown>, arrivedAt);
  }

  return {
    answerParsed,
    takes: (req: IncomingMessage): boolean => req.method === 'POST' && pathOf(req.url) === TOKEN_PATH && FORM.test(req.headers['content-type'] ?? ''),
    handle(req: IncomingMessage, res: ServerResponse): void {
      const started = performance.now();
      const arrivedAt = Date.now();
      res.once('close', () => {
        const ms = performance.now() - started;
        series.record(res.statusCode, ms / 1000);
        deps.log.info({ method: req.method, path: TOKEN_PATH, status: res.statusCode, ms: Math.round(ms) }, 'request');
      });
      answer(req, res, arrivedAt).catch(failed(res));
    },
  };
}
