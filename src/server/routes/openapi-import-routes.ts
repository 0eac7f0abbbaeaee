import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { AccessTokens } from '../../modules/tokens/access-tokens.js';
import type { ErrorReporter } from '../../transport/errors/to-connect-error.js';
import { builtinToolRegistry, type ToolRegistry } from '../../modules/tools/registry/tool-registry.js';
import { importOpenApi, parseImportRequest } from '../../modules/tools/openapi/index.js';
import { authenticatedRoute } from './authenticated-route.js';

/**
 * POST /api/v1/agent-auth/tools/import-openapi (environment access token)
 *   {connection_name, document, tags?, operation_ids?, prefix?, dry_run?}
 *   → 200 {connection_name, provider, dry_run, tools: [{name, operation, id, tool_version, notes, definition, implementation}], skipped: [{operation, reason}]}
 * Registers one declarative custom tool per chosen operation on that connection (none with dry_run).
 */
export function registerOpenApiImportRoutes(app: FastifyInstance, deps: { db: Kysely<Tables>; tokens: AccessTokens; report: ErrorReporter; tools?: ToolRegistry }): void {
  app.post('/api/v1/agent-auth/tools/import-openapi', authenticatedRoute(deps.tokens, deps.report, async (req, p) => ({
    body: await importOpenApi(deps.db, deps.tools ?? builtinToolRegistry(), p.environmentId, parseImportRequest(req.body)),
  })));
}
