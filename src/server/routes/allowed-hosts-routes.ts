import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { AccessTokens } from '../../modules/tokens/access-tokens.js';
import type { ChangeFeed } from '../../modules/changes/change-feed.js';
import type { ErrorReporter } from '../../transport/errors/to-connect-error.js';
import { invalidArgument } from '../../modules/errors/domain-error.js';
import { allowedHostsOf, setAllowedHosts } from '../../modules/egress/allowed-hosts.js';
import { authenticatedRoute } from './authenticated-route.js';

/**
 * The environment's `proxy_allowed_hosts` (non-public hosts Latchkey may reach for it), with the
 * environment's access token:
 *   GET /api/v1/agent-auth/proxy-allowed-hosts → {"hosts": ["127.0.0.1", "sidecar.internal"]}
 *   PUT /api/v1/agent-auth/proxy-allowed-hosts   {"hosts": [...]} → the stored list (replaces it; [] clears)
 * A PUT tells `changes`, so this process's Tool Proxy uses the new list on its next call.
 */
export function registerAllowedHostsRoutes(app: FastifyInstance, deps: { db: Kysely<Tables>; tokens: AccessTokens; report: ErrorReporter; changes: ChangeFeed }): void {
  const route = (h: Parameters<typeof authenticatedRoute>[2]) => authenticatedRoute(deps.tokens, deps.report, h);
  const PATH = '/api/v1/agent-auth/proxy-allowed-hosts';

  app.get(PATH, route(async (_req, p) => ({ body: { hosts: await allowedHostsOf(deps.db, p.environmentId) } })));

  app.put(PATH, route(async (req, p) => {
    const body = req.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalidArgument('body', 'must be a JSON object such as {"hosts":["127.0.0.1"]}');
    for (const k of Object.keys(body)) if (k !== 'hosts') throw invalidArgument(k, 'is not a recognised field (send only "hosts")');
    if (!('hosts' in body)) throw invalidArgument('hosts', 'is required: the complete list of allowed hosts ([] clears it)');
    return { body: { hosts: await setAllowedHosts(deps.db, p.environmentId, (body as { hosts?: unknown }).hosts, deps.changes) } };
  }));
}
