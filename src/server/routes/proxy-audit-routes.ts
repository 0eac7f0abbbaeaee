import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { AccessTokens } from '../../modules/tokens/access-tokens.js';
import type { ErrorReporter } from '../../transport/errors/to-connect-error.js';
import { invalidArgument } from '../../modules/errors/domain-error.js';
import { listProxyAudit } from '../../modules/proxy/audit-log.js';
import { authenticatedRoute } from './authenticated-route.js';
import { integerParam } from './query-params.js';

const QUERY_KEYS = new Set(['page_size', 'page_token', 'connection_name', 'identifier', 'status']);


/**
 * The environment's Tool Proxy audit log, newest first (rows reach it within about a second):
 *   GET /api/v1/agent-auth/proxy-audit?connection_name=&identifier=&status=&page_size=&page_token=
 *   → {"entries": [...], "next_page_token": "…"}
 */
export function registerProxyAuditRoutes(app: FastifyInstance, deps: { db: Kysely<Tables>; tokens: AccessTokens; report: ErrorReporter }): void {
  app.get(
    '/api/v1/agent-auth/proxy-audit',
    authenticatedRoute(deps.tokens, deps.report, async (req, p) => {
      const q = req.query as Record<string, string | undefined>;
      for (const k of Object.keys(q)) if (!QUERY_KEYS.has(k)) throw invalidArgument(k, `is not a recognised query parameter (use ${[...QUERY_KEYS].join(', ')})`);
      for (const k of QUERY_KEYS) if (Array.isArray(q[k])) throw invalidArgument(k, 'must be given once');
      const page = await listProxyAudit(deps.db, p.environmentId, {
        pageSize: integerParam('page_size', q.page_size),
        pageToken: q.page_token || undefined,
        connectionName: q.connection_name || undefined,
        identifier: q.identifier || undefined,
        status: integerParam('status', q.status),
      });
      return { body: { entries: page.entries, next_page_token: page.nextPageToken } };
    }),
  );
}
