import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { AccessTokens } from '../../modules/tokens/access-tokens.js';
import type { ErrorReporter } from '../../transport/errors/to-connect-error.js';
import { invalidArgument } from '../../modules/errors/domain-error.js';
import { listToolExecutions } from '../../modules/tools/records/execution-log.js';
import { authenticatedRoute } from './authenticated-route.js';
import { integerParam } from './query-params.js';

const QUERY_KEYS = new Set(['page_size', 'page_token', 'tool_name', 'identifier', 'outcome']);

/**
 * The environment's tool executions, newest first (rows reach it within about a second):
 *   GET /api/v1/agent-auth/tool-executions?tool_name=&identifier=&outcome=&page_size=&page_token=
 *   → {"executions": [...], "next_page_token": "…"}
 */
export function registerToolExecutionRoutes(app: FastifyInstance, deps: { db: Kysely<Tables>; tokens: AccessTokens; report: ErrorReporter }): void {
  app.get(
    '/api/v1/agent-auth/tool-executions',
    authenticatedRoute(deps.tokens, deps.report, async (req, p) => {
      const q = req.query as Record<string, string | undefined>;
      for (const k of Object.keys(q)) if (!QUERY_KEYS.has(k)) throw invalidArgument(k, `is not a recognised query parameter (use ${[...QUERY_KEYS].join(', ')})`);
      for (const k of QUERY_KEYS) if (Array.isArray(q[k])) throw invalidArgument(k, 'must be given once');
      const page = await listToolExecutions(deps.db, p.environmentId, {
        pageSize: integerParam('page_size', q.page_size),
        pageToken: q.page_token || undefined,
        toolName: q.tool_name || undefined,
        identifier: q.identifier || undefined,
        outcome: q.outcome || undefined,
      });
      return { body: { executions: page.entries, next_page_token: page.nextPageToken } };
    }),
  );
}
