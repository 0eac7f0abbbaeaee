import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { AccessTokens } from '../../modules/tokens/access-tokens.js';
import type { ErrorReporter } from '../../transport/errors/to-connect-error.js';
import type { OutboundFetcher } from '../../modules/egress/outbound-fetch.js';
import { environmentAllowList } from '../../modules/egress/environment-allow-list.js';
import { invalidArgument } from '../../modules/errors/domain-error.js';
import { isEndpointUrl } from '../../modules/providers/definition/validate-definition.js';
import { discoverMcpProviderDefinition } from '../../modules/mcp-connectors/discover-oauth.js';
import { authenticatedRoute } from './authenticated-route.js';

/**
 * OAuth discovery for a remote MCP server, with the environment's access token:
 *   POST /api/v1/agent-auth/mcp-connectors/discover {"url": "https://mcp.example.com/mcp", "display_name": "Example"}
 *   → {"definition": {…kind: "MCP", an OAUTH pattern…}}, ready to POST to /api/v1/custom-providers (with a key).
 * The server is called as the environment calls upstreams (its proxy_allowed_hosts, the SSRF guard).
 */
export function registerMcpConnectorRoutes(app: FastifyInstance, deps: { db: Kysely<Tables>; tokens: AccessTokens; report: ErrorReporter; outbound: OutboundFetcher }): void {
  app.post('/api/v1/agent-auth/mcp-connectors/discover', authenticatedRoute(deps.tokens, deps.report, async (req, p) => {
    const body = (req.body ?? {}) as { url?: unknown; display_name?: unknown };
    if (typeof body.url !== 'string' || !isEndpointUrl(body.url) || body.url.includes('{{')) throw invalidArgument('url', 'must be the https URL of the MCP server (its Streamable HTTP endpoint)');
    if (body.display_name !== undefined && (typeof body.display_name !== 'string' || !body.display_name.trim() || body.display_name.length > 100)) {
      throw invalidArgument('display_name', 'must be a non-blank string of at most 100 characters');
    }
    const fetch = deps.outbound.forAllowList(await environmentAllowList(deps.db, p.environmentId));
    const name = (body.display_name as string | undefined)?.trim() ?? new URL(body.url).hostname;
    return { body: { definition: await discoverMcpProviderDefinition(body.url, name, fetch) } };
  }));
}
