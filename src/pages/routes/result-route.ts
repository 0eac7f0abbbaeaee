import type { FastifyInstance } from 'fastify';
import { FlowError } from '../../modules/authorization/flow-error.js';
import { REQUEST_STATUS } from '../../modules/authorization/steps/create-authorization-request.js';
import { findProvider } from '../../modules/providers/provider-registry.js';
import { sendPage } from '../respond.js';
import { awaitingVerificationBody, connectedBody, notConnectedBody } from '../views/result-pages.js';
import { pageHandler, type PagesDeps } from './page-handler.js';

const NOTHING = () => new FlowError('invalid_request', 'Nothing to show here', 'This result page does not exist. If you were connecting an account, ask the app for a new link.', 404);

/**
 * `GET /connect/result/:id`: the outcome of one authorization request (VerifyConnectedAccountUser's
 * post_user_verify_redirect_url, and where forms and dashboard-mode callbacks land). It shows the
 * provider and granted access, never who the account belongs to.
 */
export function registerResultRoute(app: FastifyInstance, deps: PagesDeps): void {
  const { db } = deps;
  app.get(
    '/connect/result/:id',
    pageHandler(deps, async (req, reply) => {
      const { id } = req.params as { id: string };
      if (!/^areq_[0-9a-z]{20,40}$/.test(id)) throw NOTHING();
      const request = await db.selectFrom('authorization_requests').selectAll().where('id', '=', id).executeTakeFirst();
      if (!request) throw NOTHING();
      const found = await db
        .selectFrom('connected_accounts')
        .innerJoin('connections', 'connections.id', 'connected_accounts.connection_id')
        .select(['connections.provider_key', 'connections.connection_name', 'connections.auth_type', 'connected_accounts.scopes'])
        .where('connected_accounts.id', '=', request.account_id)
        .executeTakeFirst();
      if (!found) throw NOTHING();
      const provider = await findProvider(db, request.environment_id, found.provider_key).catch(() => undefined);
      const name = provider?.definition.display_name ?? found.connection_name;
      if (request.status === REQUEST_STATUS.completed) {
        const pattern = provider?.definition.auth_patterns.find((p) => p.type === found.auth_type);
        const oauth = pattern?.oauth_config ? { scopes: JSON.parse(found.scopes) as string[], available: pattern.oauth_config.available_scopes } : undefined;
        return sendPage(reply, 200, `${name} connected`, connectedBody(name, oauth));
      }
      if (request.status === REQUEST_STATUS.awaitingVerification) return sendPage(reply, 200, 'Almost done', awaitingVerificationBody(name));
      return sendPage(reply, 200, `${name} not connected`, notConnectedBody(name));
    }),
  );
}
