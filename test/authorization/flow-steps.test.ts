import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCert } from '../fakes/tls-cert.js';
import { createOutboundFetch } from '../../src/modules/egress/outbound-fetch.js';
import { AllowList } from '../../src/modules/egress/ssrf-guard.js';
import { resolveOAuthConfig, type OAuthConfig } from '../../src/modules/providers/definition/provider-definition.js';
import type { Connection } from '../../src/modules/connections/connection.js';
import { buildAuthorizationUrl } from '../../src/modules/authorization/steps/build-authorization-url.js';
import { exchangeCode } from '../../src/modules/authorization/steps/exchange-code.js';
import { readTokenResponse } from '../../src/modules/authorization/steps/read-token-response.js';
import { fetchUserInfo } from '../../src/modules/authorization/steps/fetch-user-info.js';
import { checkIssuer } from '../../src/modules/authorization/steps/check-issuer.js';
import { checkCallbackError } from '../../src/modules/authorization/steps/check-callback-error.js';
import { FlowError } from '../../src/modules/authorization/flow-error.js';

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A loopback HTTPS "provider" answering each path with a canned JSON body, recording requests. */
async function startFakeProvider(routes: Record<string, { status?: number; json: unknown }>) {
  const cert = makeTestCert();
  const seen: Seen[] = [];
  const server = https.createServer({ cert: cert.cert, key: cert.key }, (req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const route = routes[req.url!.split('?')[0]];
      res.writeHead(route?.status ?? (route ? 200 : 404), { 'content-type': 'application/json' }).end(JSON.stringify(route?.json ?? { error: 'not_found' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, seen, cert, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

/** A fetch trusting `certFile` and allowed to reach loopback (the fake provider). */
const loopbackFetch = (certFile?: string) => createOutboundFetch({ upstreamCaFile: certFile }).forAllowList(new AllowList(['127.0.0.1']));

const connection = (over: Partial<Connection> = {}): Connection => ({
  id: 'conn_1',
  environmentId: 'env_1',
  connectionName: 'c',
  providerKey: 'p',
  authType: 'OAUTH',
  clientId: 'client-1',
  hasClientSecret: true,
  clientSecretHint: undefined,
  scopes: ['chat:write', 'users:read'],
  authorizeParams: {},
  timeoutMs: 60_000,
  enabled: true,
  status: 'COMPLETED',
  createdAt: new Date(),
  updatedAt: new Date(),
  ...over,
});

describe('authorization flow steps', () => {
  let fake: Awaited<ReturnType<typeof startFakeProvider>>;
  let cfg: (over?: Partial<OAuthConfig>) => ReturnType<typeof resolveOAuthConfig>;

  beforeAll(async () => {
    fake = await startFakeProvider({
      '/token': { json: { ok: true, authed_user: { id: 'U42', access_token: 'xoxp-nested', refresh_token: 'xoxe-r', expires_in: 43200, scope: 'chat:write,users:read' }, instance_url: 'https://acme.my.example.com/x', team: { id: 'T9' } } },
      '/token-error': { status: 400, json: { error: 'invalid_grant', error_description: 'code expired' } },
      '/userinfo': { json: { user: { id: 77, mail: 'u@example.com' } } },
    });
    cfg = (over = {}) =>
      resolveOAuthConfig({
        authorize_uri: 'https://slack.example.test/oauth/v2/authorize',
        token_uri: `${fake.base}/token`,
        available_scopes: [{ scope: 'chat:write', required: true }, { scope: 'users:read', required: false }],
        ...over,
      } as OAuthConfig);
  });
  afterAll(async () => fake?.close());

  it('build_authorization_url: scope_param and separator, extras merged (connection wins), protocol params untouchable, PKCE optional', () => {
    const oauth = cfg({ scope_param: 'user_scope', scope_separator: ',', authorize_params: { team: 'T1', state: 'evil', redirect_uri: 'https://evil.test' } });
    const url = buildAuthorizationUrl({
      oauth,
      connection: connection({ authorizeParams: { team: 'T2', prompt: 'consent', user_scope: 'admin' } }),
      redirectUri: 'https://latchkey.test/connect/oauth/callback',
      scopes: ['chat:write', 'users:read'],
      state: 'S',
      accountFields: {},
    });
    expect(url.origin + url.pathname).toBe('https://slack.example.test/oauth/v2/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      team: 'T2',
      prompt: 'consent',
      response_type: 'code',
      client_id: 'client-1',
      redirect_uri: 'https://latchkey.test/connect/oauth/callback',
      user_scope: 'chat:write,users:read',
      state: 'S',
    });
    expect(url.searchParams.has('scope')).toBe(false);
    expect(url.searchParams.has('code_challenge')).toBe(false);
  });

  it('build_authorization_url fills account-field templates in the authorize URI', () => {
    const url = buildAuthorizationUrl({
      oauth: cfg({ authorize_uri: 'https://{{shop}}.shops.example.test/admin/oauth/authorize' }),
      connection: connection({ scopes: [] }),
      redirectUri: 'https://l.test/cb',
      scopes: [],
      state: 'S',
      codeChallenge: 'C',
      accountFields: { shop: 'acme' },
    });
    expect(url.host).toBe('acme.shops.example.test');
    expect(url.searchParams.get('code_challenge')).toBe('C');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.has('scope')).toBe(false);
  });

  it('exchange_code sends client_secret_basic, token_request_params (never overriding protocol ones), code_verifier and Accept: application/json', async () => {
    const oauth = cfg({ token_endpoint_auth_method: 'client_secret_basic', token_request_params: { audience: 'api', grant_type: 'password', code: 'x' } });
    const res = await exchangeCode({
      oauth,
      tokenUri: `${fake.base}/token`,
      clientId: 'client 1',
      clientSecret: 's3cret:+/',
      redirectUri: 'https://l.test/cb',
      code: 'the-code',
      state: 'S',
      codeVerifier: 'v'.repeat(43),
      fetch: loopbackFetch(fake.cert.certFile),
      providerName: 'Fake',
    });
    expect(res.status).toBe(200);
    const req = fake.seen.at(-1)!;
    expect(req.method).toBe('POST');
    expect(req.headers.accept).toBe('application/json');
    // RFC 6749 §2.3.1: form-urlencoded id and secret, then Basic.
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from('client+1:s3cret%3A%2B%2F').toString('base64')}`);
    const form = Object.fromEntries(new URLSearchParams(req.body));
    expect(form).toEqual({ audience: 'api', grant_type: 'authorization_code', code: 'the-code', redirect_uri: 'https://l.test/cb', code_verifier: 'v'.repeat(43) });
  });

  it('exchange_code with client_secret_post and no PKCE', async () => {
    await exchangeCode({
      oauth: cfg({ pkce: false }),
      tokenUri: `${fake.base}/token`,
      clientId: 'client-1',
      clientSecret: 'sec',
      redirectUri: 'https://l.test/cb',
      code: 'c2',
      state: 'S',
      codeVerifier: undefined,
      fetch: loopbackFetch(fake.cert.certFile),
      providerName: 'Fake',
    });
    const req = fake.seen.at(-1)!;
    expect(req.headers.authorization).toBeUndefined();
    expect(Object.fromEntries(new URLSearchParams(req.body))).toEqual({ grant_type: 'authorization_code', code: 'c2', redirect_uri: 'https://l.test/cb', client_id: 'client-1', client_secret: 'sec' });
  });

  it('read_token_response follows the definition paths, account_field_paths with |host, and falls back to standard fields', async () => {
    const fetch = loopbackFetch(fake.cert.certFile);
    const oauth = cfg({
      token_response: {
        access_token_path: 'authed_user.access_token',
        refresh_token_path: 'authed_user.refresh_token',
        expires_in_path: 'authed_user.expires_in',
        scope_path: 'authed_user.scope',
        account_field_paths: { instance_host: 'instance_url|host', team_id: 'team.id' },
      },
    });
    const before = Date.now();
    const g = await readTokenResponse(await fetch(`${fake.base}/token`), oauth, ['chat:write'], 'Fake');
    expect(g.credentials).toEqual({ kind: 'oauth', access_token: 'xoxp-nested', refresh_token: 'xoxe-r' });
    expect(g.scopes).toEqual(['chat:write', 'users:read']);
    expect(g.accountFields).toEqual({ instance_host: 'acme.my.example.com', team_id: 'T9' });
    expect(new Date(g.tokenExpiresAt!).getTime()).toBeGreaterThanOrEqual(before + 43_200_000 - 1000);

    // Without nested paths there is no access token: a clear error, not a crash.
    const flat = await readTokenResponse(await fetch(`${fake.base}/token`), cfg(), [], 'Fake').catch((e: unknown) => e);
    expect(flat).toBeInstanceOf(FlowError);
    expect((flat as FlowError).title).toBe('Fake sent no access token');

    const refused = await readTokenResponse(await fetch(`${fake.base}/token-error`), cfg(), [], 'Fake').catch((e: unknown) => e as FlowError);
    expect(refused).toMatchObject({ error: 'invalid_grant', status: 502 });
    expect((refused as FlowError).detail).toContain('"invalid_grant"');
  });

  it('fetch_user_info uses the method and paths of the definition, with the Bearer token and Accept: application/json', async () => {
    const user = await fetchUserInfo({
      oauth: cfg({ user_info_uri: `${fake.base}/userinfo`, user_info_method: 'POST', user_info_id_path: 'user.id', user_info_email_path: 'user.mail' }),
      accessToken: 'at-1',
      accountFields: {},
      tokenJson: {},
      fetch: loopbackFetch(fake.cert.certFile),
      providerName: 'Fake',
    });
    expect(user).toEqual({ id: '77', email: 'u@example.com' });
    const req = fake.seen.at(-1)!;
    expect(req).toMatchObject({ method: 'POST', url: '/userinfo' });
    expect(req.headers.authorization).toBe('Bearer at-1');
    expect(req.headers.accept).toBe('application/json');

    // No user_info_uri: the token response is read with the same paths.
    const fromToken = await fetchUserInfo({ oauth: cfg({ user_info_id_path: 'authed_user.id' }), accessToken: 'x', accountFields: {}, tokenJson: { authed_user: { id: 'U42' } }, fetch: loopbackFetch(), providerName: 'Fake' });
    expect(fromToken).toEqual({ id: 'U42', email: null });

    const broken = await fetchUserInfo({ oauth: cfg({ user_info_uri: `${fake.base}/missing` }), accessToken: 'x', accountFields: {}, tokenJson: {}, fetch: loopbackFetch(fake.cert.certFile), providerName: 'Fake' }).catch((e: unknown) => e as FlowError);
    expect(broken).toMatchObject({ error: 'server_error', title: 'Could not read your Fake profile' });
  });

  it('exchange_code and fetch_user_info refuse a loopback endpoint the environment does not allow, naming the address, sending nothing', async () => {
    const before = fake.seen.length;
    const guarded = createOutboundFetch({ upstreamCaFile: fake.cert.certFile }).forAllowList(AllowList.EMPTY);
    const exchange = await exchangeCode({
      oauth: cfg(),
      tokenUri: `${fake.base}/token`,
      clientId: 'client-1',
      clientSecret: 'do-not-show-this-secret',
      redirectUri: 'https://l.test/cb',
      code: 'c3',
      state: 'S',
      codeVerifier: undefined,
      fetch: guarded,
      providerName: 'Fake',
    }).catch((e: unknown) => e as FlowError);
    expect(exchange).toBeInstanceOf(FlowError);
    expect(exchange).toMatchObject({ error: 'server_error', status: 502, title: 'Latchkey may not contact Fake' });
    expect((exchange as FlowError).detail).toMatch(/^Fake's token endpoint is at 127\.0\.0\.1, which is a loopback address; Latchkey does not connect to such addresses, so nothing was connected/);
    expect((exchange as FlowError).detail).not.toContain('do-not-show-this-secret');

    const user = await fetchUserInfo({ oauth: cfg({ user_info_uri: `${fake.base}/userinfo` }), accessToken: 'at-2', accountFields: {}, tokenJson: {}, fetch: guarded, providerName: 'Fake' }).catch((e: unknown) => e as FlowError);
    expect(user).toMatchObject({ error: 'server_error', title: 'Latchkey may not contact Fake' });
    expect((user as FlowError).detail).toContain("Fake's userinfo endpoint is at 127.0.0.1, which is a loopback address");
    expect(fake.seen.length).toBe(before);
  });

  it('check_issuer (RFC 9207) and check_callback_error (RFC 6749 §4.1.2.1)', () => {
    expect(() => checkIssuer(undefined, 'https://a.test/auth', 'A')).not.toThrow();
    expect(() => checkIssuer('https://a.test', 'https://a.test/auth', 'A')).not.toThrow();
    expect(() => checkIssuer('https://evil.test', 'https://a.test/auth', 'A')).toThrow(FlowError);
    expect(() => checkIssuer('not a url', 'https://a.test/auth', 'A')).toThrow('The sign-in response came from an unexpected server');

    const denied = (() => { try { checkCallbackError({ error: 'access_denied', state: 's' }, 'Acme'); } catch (e) { return e as FlowError; } })();
    expect(denied).toMatchObject({ error: 'access_denied', title: 'Access was not granted' });
    const odd = (() => { try { checkCallbackError({ error: '<script>', error_description: 'bad\u0000thing' }, 'Acme'); } catch (e) { return e as FlowError; } })();
    expect(odd!.error).toBe('server_error');
    expect(odd!.detail).toContain('"unknown error": bad thing');
    expect(() => checkCallbackError({ state: 's' }, 'Acme')).toThrow('Acme did not send an authorization code');
  });
});
