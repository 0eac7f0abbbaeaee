import type { FastifyInstance } from 'fastify';
import { handleOAuthCallback } from '../../modules/authorization/flows/oauth-callback.js';
import { FlowError } from '../../modules/authorization/flow-error.js';
import { redirect303 } from '../respond.js';
import { adminSessionCookie, pageHandler, type PagesDeps } from './page-handler.js';

/**
 * `GET /connect/oauth/callback`: the one redirection endpoint of the deployment (RFC 6749 §3.1.2),
 * shared by every OAuth connection; the `state` says which authorization it belongs to.
 */
export function registerCallbackRoute(app: FastifyInstance, deps: PagesDeps): void {
  app.get(
    '/connect/oauth/callback',
    pageHandler(deps, async (req, reply) => {
      const query = req.query as Record<string, unknown>;
      // RFC 6749 §3.1: request and response parameters must not be included more than once.
      if (Object.values(query).some((v) => typeof v !== 'string')) {
        throw new FlowError('invalid_request', 'This sign-in response is not valid', 'It repeats a parameter, so nothing was connected. Start again from the link the app gave you.', 400);
      }
      const location = await handleOAuthCallback(deps, query as Record<string, string>, adminSessionCookie(req));
      deps.log.info({ event: 'authorization.callback', outcome: 'ok' }, 'OAuth callback completed');
      return redirect303(reply, location);
    }),
  );
}
