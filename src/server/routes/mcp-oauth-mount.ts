import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Core } from '../core.js';
import type { Metrics } from '../metrics.js';
import type { OutboundFetcher } from '../../modules/egress/outbound-fetch.js';
import { createMcpOAuthProvider } from '../../modules/mcp-oauth/provider/create-mcp-oauth-provider.js';
import { createMcpOAuthProviderRoute, isMcpOAuthPath, renderProviderError } from './mcp-oauth-provider-route.js';
import { registerMcpOAuthInteractionRoutes } from './mcp-oauth-interaction-routes.js';
import { routeProviderErrors } from './provider-socket-errors.js';

export interface McpOAuthMount {
  /** The sign-in pages (Fastify, under /connect). */
  registerPages(app: FastifyInstance): void;
  /** Whether the raw request goes to the authorization server, and its handler. */
  isPath: typeof isMcpOAuthPath;
  handle(req: IncomingMessage, res: ServerResponse): void;
}

/** The authorization server for MCP clients, wired once for the composition root (src/app.ts). */
export async function mountMcpOAuth(core: Core, deps: { outbound: OutboundFetcher; metrics: Metrics; report(err: unknown): string }): Promise<McpOAuthMount> {
  const { config, log } = core;
  const db = core.storage.db;
  const oauth = await createMcpOAuthProvider({ db, vault: core.vault, publicUrl: config.publicUrl, outbound: deps.outbound, renderError: renderProviderError });
  // The provider answers server_error itself; the cause goes to our log with a reference, as everywhere else.
  oauth.provider.on('server_error', (_ctx: unknown, err: unknown) => void deps.report(err));
  routeProviderErrors(oauth.provider, log, deps.report);
  const handle = createMcpOAuthProviderRoute({ oauth, publicUrl: config.publicUrl, metrics: deps.metrics, log });
  const pagesDeps = {
    db,
    vault: core.vault,
    publicUrl: config.publicUrl,
    outbound: deps.outbound,
    log,
    report: deps.report,
    secureCookies: config.publicUrl.startsWith('https:'),
    changes: core.changes,
  };
  return {
    registerPages: (app) => registerMcpOAuthInteractionRoutes(app, pagesDeps, oauth.provider),
    isPath: isMcpOAuthPath,
    handle,
  };
}
