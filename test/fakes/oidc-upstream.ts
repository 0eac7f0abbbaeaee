import https from 'node:https';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { sharedTestCert, type TestCert } from './tls-cert.js';

export interface RefreshAttempt {
  refreshToken: string;
  ok: boolean;
  error?: string;
  at: number;
}

export interface OidcUpstream {
  issuer: string;
  authorizeUri: string;
  tokenUri: string;
  userinfoUri: string;
  revocationUri: string;
  /** Trust this CA file in the server under test (UPSTREAM_CA_FILE) and ignore it in the browser. */
  cert: TestCert;
  /** Every refresh_token grant the upstream saw, in order. */
  refreshes: RefreshAttempt[];
  /** Revokes a refresh token as a user removing the app's access would (RFC 7009). */
  revoke(refreshToken: string): Promise<void>;
  /**
   * Tokens for `accountId` as if it had consented (scopes `openid offline_access email`), made
   * with the provider's own models: for tests that need a connected account without a browser.
   */
  issueTokensFor(accountId: string): Promise<{ access_token: string; refresh_token: string; expires_in: number }>;
  close(): Promise<void>;
}

/**
 * A real, certified OpenID provider (panva/oidc-provider) on loopback HTTPS: the upstream of
 * flow tests. Dev interactions render its login (any login name is accepted) and consent pages.
 */
export async function startOidcUpstream(opts: {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  accessTokenTtl?: number;
  rotateRefreshToken?: boolean;
}): Promise<OidcUpstream> {
  const cert = sharedTestCert();
  const server = https.createServer({ cert: cert.cert, key: cert.key });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const issuer = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: opts.clientId,
        client_secret: opts.clientSecret,
        redirect_uris: opts.redirectUris,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    features: { devInteractions: { enabled: true }, revocation: { enabled: true }, userinfo: { enabled: true } },
    pkce: { required: () => false },
    rotateRefreshToken: opts.rotateRefreshToken ?? true,
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    scopes: ['openid', 'offline_access', 'email', 'profile'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    findAccount: async (_ctx, sub) => ({
      accountId: sub,
      claims: async () => ({ sub, email: `${sub}@upstream.test`, email_verified: true, name: sub }),
    }),
    ttl: { AccessToken: opts.accessTokenTtl ?? 3600, RefreshToken: 86_400, Grant: 86_400, Session: 86_400, Interaction: 3600 },
    cookies: { keys: ['latchkey-test-upstream-cookie-key'] },
    // Consent once per client/account; the default policy otherwise asks again for offline_access.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
  });
  provider.proxy = false;
  const refreshes: RefreshAttempt[] = [];
  provider.on('grant.success', (ctx) => {
    if (ctx.oidc.params?.grant_type === 'refresh_token') refreshes.push({ refreshToken: String(ctx.oidc.params.refresh_token), ok: true, at: Date.now() });
  });
  provider.on('grant.error', (ctx, err) => {
    if (ctx.oidc.params?.grant_type === 'refresh_token') refreshes.push({ refreshToken: String(ctx.oidc.params.refresh_token), ok: false, error: (err as { error?: string }).error, at: Date.now() });
  });
  server.on('request', provider.callback());

  return {
    issuer,
    authorizeUri: `${issuer}/auth`,
    tokenUri: `${issuer}/token`,
    userinfoUri: `${issuer}/me`,
    revocationUri: `${issuer}/token/revocation`,
    cert,
    refreshes,
    async revoke(refreshToken) {
      const token = await provider.RefreshToken.find(refreshToken);
      if (!token) throw new Error('refresh token unknown to the upstream');
      await token.destroy();
    },
    async issueTokensFor(accountId) {
      const scope = 'openid offline_access email';
      const client = await provider.Client.find(opts.clientId);
      if (!client) throw new Error(`client ${opts.clientId} unknown to the upstream`);
      const grant = new provider.Grant({ accountId, clientId: opts.clientId });
      grant.addOIDCScope(scope);
      const grantId: string = await grant.save();
      const access = new provider.AccessToken({ accountId, client, grantId, scope, gty: 'authorization_code' });
      const access_token: string = await access.save();
      const refresh = new provider.RefreshToken({ accountId, client, grantId, scope, gty: 'authorization_code' });
      const refresh_token: string = await refresh.save();
      return { access_token, refresh_token, expires_in: access.expiration as number };
    },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
