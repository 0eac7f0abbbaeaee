import type Provider from 'oidc-provider';
import { MCP_OAUTH_PREFIX } from '../mcp-oauth-paths.js';
import { MCP_SCOPE } from './resource-server-info.js';

/**
 * The MCP spec lets a client omit `scope` when the endpoint names none; the provider would then
 * grant nothing (access_denied). Such an authorization request asks for the endpoint's one scope.
 */
export function defaultToMcpScope(provider: Provider): void {
  provider.use(async (ctx, next) => {
    if (ctx.method === 'GET' && ctx.path === '/auth' && !ctx.query.scope) {
      const query = new URLSearchParams(ctx.querystring);
      query.set('scope', MCP_SCOPE);
      ctx.querystring = query.toString();
      // The provider finds its mount path by locating the request URL inside the original one.
      (ctx.req as { originalUrl?: string }).originalUrl = `${MCP_OAUTH_PREFIX}${ctx.url}`;
    }
    await next();
  });
}
