import type { FastifyInstance } from 'fastify';
import { acceptInvitation, findOpenInvitation } from '../../modules/users/accept-invitation.js';
import { sendPage } from '../respond.js';
import { inviteAcceptedBody, inviteConfirmBody } from '../views/invite-pages.js';
import { pageHandler, type PagesDeps } from './page-handler.js';

/**
 * The link of an invitation email. The GET only shows a button (mail scanners and link previews
 * open links: they must not accept, nor burn, an invitation); the POST accepts it, once.
 * The token travels in the query and the form body, which the request log never records.
 */
export function registerInviteRoutes(app: FastifyInstance, deps: PagesDeps): void {
  app.get(
    '/invites/accept',
    pageHandler(deps, async (req, reply) => {
      const token = (req.query as { token?: unknown }).token;
      const open = await findOpenInvitation(deps.db, token);
      return sendPage(reply, 200, 'Accept the invitation', inviteConfirmBody(open.display_name, open.email, token as string));
    }),
  );
  app.post(
    '/invites/accept',
    { bodyLimit: 8 * 1024 },
    pageHandler(deps, async (req, reply) => {
      const accepted = await acceptInvitation(deps.db, (req.body as { token?: unknown } | undefined)?.token);
      deps.log.info({ event: 'invitation.accepted' }, 'invitation accepted');
      return sendPage(reply, 200, 'Invitation accepted', inviteAcceptedBody(accepted.organizationName, accepted.email));
    }),
  );
}
