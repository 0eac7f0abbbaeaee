import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { Logger } from '../../logging/logger.js';
import type { Metrics } from '../metrics.js';
import type { McpOAuthProvider } from '../../modules/mcp-oauth/provider/create-mcp-oauth-provider.js';
import { MCP_OAUTH_PREFIX, OIDC_INSERTED_METADATA_PATH, PROVIDER_DISCOVERY_PATH, RFC8414_METADATA_PATH } from '../../modules/mcp-oauth/mcp-oauth-paths.js';
import { layout } from '../../pages/layout.js';
import { errorBody } from '../../pages/views/result-pages.js';

const METADATA_ALIASES = new Set([RFC8414_METADATA_PATH, OIDC_INSERTED_METADATA_PATH]);
const pathOf = (url: string | undefined) => (url ?? '/').split('?')[0];

/** The authorization server's own paths, and the two well-known metadata URLs that name its issuer path. */
export const isMcpOAuthPath = (url: string | undefined): boolean => {
  const path = pathOf(url);
  return path === MCP_OAUTH_PREFIX || path.startsWith(`${MCP_OAUTH_PREFIX}/`) || METADATA_ALIASES.has(path);
};

const CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** The provider's error page: our layout and CSP; the description is the provider's (never a token). */
export function renderProviderError(ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }): void {
  ctx.type = 'html';
  ctx.set('content-security-policy', CSP);
  ctx.set('x-frame-options', 'DENY');
  ctx.set('referrer-policy', 'no-referrer');
  ctx.set('cache-control', 'no-store');
  const detail = `${out.error_description ?? out.error} (${out.error}). Start again from your MCP client; if it keeps happening, tell its developer.`;
  ctx.body = layout('This sign-in request cannot be completed', errorBody(detail));
}

/**
 * oidc-provider mounted under /mcp/oauth on the raw Node request path (like /mcp and /proxy).
 * The request's origin is pinned to PUBLIC_URL (Host, X-Forwarded-Proto and -Host overwritten),
 * so every URL the provider builds, and its cookies' Secure flag, follow PUBLIC_URL whatever
 * the client sent. The RFC 8414 / OIDC "path inserted" metadata URLs are its discovery document.
 */
export function createMcpOAuthProviderRoute(deps: { oauth: McpOAuthProvider; publicUrl: string; metrics: Metrics; log: Logger }) {
  const callback = deps.oauth.provider.callback();
  const base = new URL(deps.publicUrl);
  const series = deps.metrics.requests.route('http', `${MCP_OAUTH_PREFIX}/*`);
  return (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    const path = pathOf(req.url);
    res.once('close', () => {
      const ms = performance.now() - started;
      series.record(res.statusCode, ms / 1000);
      deps.log.info({ method: req.method, path, status: res.statusCode, ms: Math.round(ms) }, 'request');
    });
    const query = (req.url ?? '').slice(path.length);
    const inner = METADATA_ALIASES.has(path) ? `${PROVIDER_DISCOVERY_PATH}${query}` : (req.url ?? '/').slice(MCP_OAUTH_PREFIX.length) || '/';
    const mounted = req as IncomingMessage & { originalUrl?: string };
    mounted.originalUrl = `${MCP_OAUTH_PREFIX}${inner}`;
    req.url = inner;
    req.headers.host = base.host;
    req.headers['x-forwarded-host'] = base.host;
    req.headers['x-forwarded-proto'] = base.protocol.slice(0, -1);
    delete req.headers['x-forwarded-for'];
    deps.oauth.egress.run(() => callback(req, res));
  };
}
