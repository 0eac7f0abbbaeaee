import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Core } from '../core.js';
import type { Metrics } from '../metrics.js';
import type { Sessions } from '../../modules/sessions/index.js';
import type { SignInInteractions } from '../../modules/sign-in/sign-in-outcome.js';
import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { AppSignInServer, endSessionsOfGrants, isAppSignInPath, pathOf, PROVIDER_GRANTS, signInInteractions } from '../../modules/app-signin/index.js';
import { markTokenRequest } from '../../modules/app-signin/token-request.js';
import type { ProviderGrants } from './oauth-token.js';
import { appSignInPages, LOGOUT_SCRIPT, LOGOUT_SCRIPT_PATH } from './app-signin-pages.js';
import { clientCredentialsOf } from './client-credentials.js';
import { routeProviderErrors } from './provider-socket-errors.js';

export interface AppSignInMount {
  interactions: SignInInteractions;
  /** authorization_code and refresh_token at POST /oauth/token (the token routes parse the form first). */
  grants: ProviderGrants;
  isPath(url: string | undefined): boolean;
  handle(req: IncomingMessage, res: ServerResponse): void;
}

type BrowserSession = { authorizations?: Record<string, { grantId?: string }> };

/**
 * Logout ends sign-in sessions, awaited before the provider answers: at the logout request, the one
 * named by a valid id_token_hint's `sid` (the provider has verified it when it answers 200); at the
 * confirmation ("sign out": `logout=yes`), those of every grant of the browser's provider session.
 * oidc-provider keeps those grants itself (persistsLogout: codes do not expire with the session).
 */
function wireLogout(provider: Provider, db: Kysely<Tables>, sessions: Sessions, report: (err: unknown) => string): void {
  provider.use(async (ctx, next) => {
    await next();
    const oidc = (ctx as KoaContextWithOIDC).oidc;
    const hint = oidc?.entities?.IdTokenHint as { payload?: { sid?: unknown } } | undefined;
    if (oidc?.route === 'end_session' && ctx.status === 200 && typeof hint?.payload?.sid === 'string') {
      await sessions.endSession(hint.payload.sid, 'LOGGED_OUT');
    }
    if (oidc?.route === 'end_session_confirm' && ctx.status === 303 && oidc.params?.logout) {
      // The destroyed session still holds what it was: its authorizations, one grant per app.
      const grants = Object.values((oidc.session as BrowserSession | undefined)?.authorizations ?? {}).map((a) => a.grantId);
      await endSessionsOfGrants(db, sessions, grants.filter((g): g is string => typeof g === 'string'), 'LOGGED_OUT');
    }
  });
  provider.on('server_error', (_ctx: unknown, err: unknown) => void report(err));
}

/** App sign-in's authorization server, wired once for the composition root (src/app.ts). */
export async function mountAppSignIn(core: Core, deps: { sessions: Sessions; metrics: Metrics; report(err: unknown): string }): Promise<AppSignInMount> {
  const { config, log } = core;
  const base = new URL(config.publicUrl);
  const server = new AppSignInServer({
    db: core.storage.db,
    vault: core.vault,
    sessions: deps.sessions,
    signingKeys: core.signingKeys,
    publicUrl: config.publicUrl,
    pages: appSignInPages,
    accessTokenTtlSeconds: config.accessTokenTtlSeconds,
    reuseGraceMs: config.refreshReuseGraceSeconds * 1000,
    onBuilt: (p) => {
      wireLogout(p, core.storage.db, deps.sessions, deps.report);
      routeProviderErrors(p, log, deps.report);
    },
  });
  await server.init();
  const series = deps.metrics.requests.route('http', '/oauth/authorize|/oidc/logout');

  // Every URL the provider builds, and its cookies' Secure flag, follow PUBLIC_URL whatever the client sent.
  const pin = (req: IncomingMessage) => {
    req.headers.host = base.host;
    req.headers['x-forwarded-host'] = base.host;
    req.headers['x-forwarded-proto'] = base.protocol.slice(0, -1);
    delete req.headers['x-forwarded-for'];
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    const path = pathOf(req.url);
    res.once('close', () => {
      const ms = performance.now() - started;
      series.record(res.statusCode, ms / 1000);
      log.info({ method: req.method, path, status: res.statusCode, ms: Math.round(ms) }, 'request');
    });
    if (path === LOGOUT_SCRIPT_PATH) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600' });
      res.end(LOGOUT_SCRIPT);
      return;
    }
    pin(req);
    void server.callback(req, res);
  };

  const grants: ProviderGrants = {
    handles: (grantType) => typeof grantType === 'string' && PROVIDER_GRANTS.has(grantType),
    async handle(req, res, body, arrivedAt) {
      const creds = clientCredentialsOf(req.headers.authorization, body);
      const { callback } = await server.signing();
      // The provider reads the already-parsed form (its body parser falls back to req.body).
      (req as IncomingMessage & { body?: unknown }).body = body;
      pin(req);
      markTokenRequest(req, { secret: 'error' in creds ? undefined : creds.secret, arrivedAt });
      await callback(req, res);
    },
  };

  return {
    interactions: signInInteractions({ db: core.storage.db, sessions: deps.sessions, server, publicUrl: config.publicUrl }),
    grants,
    // LOGOUT_SCRIPT_PATH lies under /oidc/logout/, so isAppSignInPath takes it too.
    isPath: isAppSignInPath,
    handle,
  };
}
