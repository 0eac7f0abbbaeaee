import https from 'node:https';
import type { AddressInfo } from 'node:net';
import Provider, { errors } from 'oidc-provider';
import { sharedTestCert, type TestCert } from './tls-cert.js';

export interface McpAuthServer {
  issuer: string;
  authorizeUri: string;
  tokenUri: string;
  cert: TestCert;
  /** Every refresh_token grant, with whether it succeeded and the resource it asked for. */
  refreshes: Array<{ ok: boolean; resource: string | undefined; error?: string }>;
  /** Tokens for `accountId` bound to the resource (RFC 8707), as if it had consented: no browser needed. */
  issueTokensFor(accountId: string): Promise<{ access_token: string; refresh_token: string }>;
  /** What the MCP server (the resource server) checks: a live access token whose audience is the resource. */
  verify(accessToken: string): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * The authorization server of an MCP server, as the MCP authorization spec wants one: a real
 * oidc-provider with resource indicators (RFC 8707) for exactly `resource`, PKCE, rotating
 * refresh tokens, on loopback HTTPS. A token request naming another resource is `invalid_target`.
 */
export async function startMcpAuthServer(opts: { clientId: string; clientSecret: string; resource: string; scope: string }): Promise<McpAuthServer> {
  const cert = sharedTestCert();
  const server = https.createServer({ cert: cert.cert, key: cert.key });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const issuer = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const resourceServer = { scope: opts.scope, audience: opts.resource, accessTokenFormat: 'opaque' as const, accessTokenTTL: 3600 };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: opts.clientId,
        client_secret: opts.clientSecret,
        redirect_uris: ['https://127.0.0.1/unused-callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    features: {
      devInteractions: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => opts.resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== opts.resource) throw new errors.InvalidTarget();
          return resourceServer;
        },
      },
    },
    scopes: ['openid', 'offline_access', ...opts.scope.split(' ')],
    rotateRefreshToken: true,
    issueRefreshToken: async () => true,
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
    cookies: { keys: ['latchkey-test-mcp-auth-cookie-key'] },
  });
  provider.proxy = false;
  const refreshes: McpAuthServer['refreshes'] = [];
  const resourceOf = (ctx: { oidc: { params?: Record<string, unknown> } }) => ctx.oidc.params?.resource as string | undefined;
  provider.on('grant.success', (ctx) => {
    if (ctx.oidc.params?.grant_type === 'refresh_token') refreshes.push({ ok: true, resource: resourceOf(ctx) });
  });
  provider.on('grant.error', (ctx, err) => {
    if (ctx.oidc.params?.grant_type === 'refresh_token') refreshes.push({ ok: false, resource: resourceOf(ctx), error: (err as { error?: string }).error });
  });
  server.on('request', provider.callback());

  return {
    issuer,
    authorizeUri: `${issuer}/auth`,
    tokenUri: `${issuer}/token`,
    cert,
    refreshes,
    async issueTokensFor(accountId) {
      const client = await provider.Client.find(opts.clientId);
      if (!client) throw new Error('client unknown to the authorization server');
      const grant = new provider.Grant({ accountId, clientId: opts.clientId });
      grant.addOIDCScope('offline_access');
      grant.addResourceScope(opts.resource, opts.scope);
      const grantId = await grant.save();
      const access = new provider.AccessToken({ accountId, client, grantId, scope: opts.scope, gty: 'authorization_code' });
      access.resourceServer = new provider.ResourceServer(opts.resource, resourceServer);
      const access_token = await access.save();
      const refresh = new provider.RefreshToken({ accountId, client, grantId, scope: `offline_access ${opts.scope}`, resource: opts.resource, gty: 'authorization_code' });
      const refresh_token = await refresh.save();
      return { access_token, refresh_token };
    },
    async verify(accessToken) {
      const at = await provider.AccessToken.find(accessToken);
      return !!at && !at.isExpired && at.aud === opts.resource;
    },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
