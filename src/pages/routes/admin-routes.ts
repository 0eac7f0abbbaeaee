import type { FastifyInstance } from 'fastify';
import { findAdminSession, loadAdminLoginLink, redeemAdminLoginLink } from '../../modules/authorization/admin-sessions.js';
import { TTL } from '../../modules/authorization/ttl.js';
import { getEnvironment } from '../../modules/environments/environments.js';
import { serializeCookie } from '../cookies.js';
import { csrfTokenValid, issueCsrfToken } from '../csrf.js';
import { redirect303, sendPage } from '../respond.js';
import { adminLoginBody, adminSessionBody } from '../views/admin-pages.js';
import { ADMIN_SESSION_COOKIE, adminSessionCookie, CSRF_FAILED, pageHandler, type PagesDeps } from './page-handler.js';

const SESSION_PAGE = '/connect/admin/session';

/**
 * Administrator sign-in for user verification mode `dashboard_users`. The login link only shows a
 * button: a GET never consumes it, so link scanners and previews cannot burn or use it.
 */
export function registerAdminRoutes(app: FastifyInstance, deps: PagesDeps): void {
  const { db } = deps;
  const tokenOf = (params: unknown) => (params as { token: string }).token;

  app.get(
    '/connect/admin/login/:token',
    pageHandler(deps, async (req, reply) => {
      const link = await loadAdminLoginLink(db, tokenOf(req.params));
      const env = await getEnvironment(db, link.environment_id);
      const csrf = issueCsrfToken(req, reply, `admin-login:${link.id}`, deps.secureCookies);
      return sendPage(reply, 200, 'Sign in to Latchkey', adminLoginBody(env?.name ?? link.environment_id, csrf));
    }),
  );

  app.post(
    '/connect/admin/login/:token',
    { bodyLimit: 8 * 1024 },
    pageHandler(deps, async (req, reply) => {
      const token = tokenOf(req.params);
      const link = await loadAdminLoginLink(db, token);
      if (!csrfTokenValid(req, `admin-login:${link.id}`, (req.body as Record<string, unknown> | undefined)?.csrf_token)) throw CSRF_FAILED();
      const session = await redeemAdminLoginLink(db, token);
      reply.header(
        'set-cookie',
        serializeCookie(ADMIN_SESSION_COOKIE, session.sessionToken, { path: '/connect', maxAgeSeconds: TTL.adminSessionMs / 1000, sameSite: 'Lax', secure: deps.secureCookies }),
      );
      deps.log.info({ event: 'admin.signed_in', environmentId: session.environmentId }, 'administrator signed in');
      return redirect303(reply, SESSION_PAGE);
    }),
  );

  app.get(
    SESSION_PAGE,
    pageHandler(deps, async (req, reply) => {
      const session = await findAdminSession(db, adminSessionCookie(req));
      const env = session ? await getEnvironment(db, session.environmentId) : undefined;
      return sendPage(reply, 200, session ? 'Signed in' : 'Not signed in', adminSessionBody(session && { envName: env?.name ?? session.environmentId, expiresAt: session.expiresAt }));
    }),
  );
}
