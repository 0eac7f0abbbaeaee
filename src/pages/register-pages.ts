import type { ChangeFeed } from '../modules/changes/change-feed.js';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Tables } from '../storage/schema.js';
import type { Vault } from '../modules/vault/vault.js';
import type { Logger } from '../logging/logger.js';
import { createOutboundFetch } from '../modules/egress/outbound-fetch.js';
import { PAGE_CSS, STYLESHEET_PATH } from './page-css.js';
import { registerAdminRoutes } from './routes/admin-routes.js';
import { registerCallbackRoute } from './routes/callback-route.js';
import { registerLinkRoutes } from './routes/link-routes.js';
import { registerResultRoute } from './routes/result-route.js';
import { registerInviteRoutes } from './routes/invite-routes.js';

/**
 * The hosted pages under /connect: authorization links, the OAuth callback, credential forms,
 * results and administrator sign-in. Plain HTML, no script.
 */
export function registerPages(
  app: FastifyInstance,
  opts: { db: Kysely<Tables>; vault: Vault; publicUrl: string; upstreamCaFile?: string; log: Logger; report: (err: unknown) => string; changes?: ChangeFeed },
): void {
  const deps = {
    db: opts.db,
    vault: opts.vault,
    publicUrl: opts.publicUrl,
    outbound: createOutboundFetch({ upstreamCaFile: opts.upstreamCaFile, log: opts.log }),
    log: opts.log,
    report: opts.report,
    secureCookies: opts.publicUrl.startsWith('https:'),
    changes: opts.changes,
  };
  app.addHook('onClose', () => deps.outbound.close());
  app.get(STYLESHEET_PATH, async (_req, reply) =>
    reply.header('cache-control', 'public, max-age=3600').header('x-content-type-options', 'nosniff').type('text/css; charset=utf-8').send(PAGE_CSS),
  );
  registerLinkRoutes(app, deps);
  registerCallbackRoute(app, deps);
  registerResultRoute(app, deps);
  registerAdminRoutes(app, deps);
  registerInviteRoutes(app, deps);
}
