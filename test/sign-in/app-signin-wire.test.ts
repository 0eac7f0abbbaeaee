import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScalekitClient } from '@scalekit-sdk/node';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { findEnvironmentByName } from '../../src/modules/environments/environments.js';
import { addRedirectUri } from '../../src/modules/clients/redirect-uris.js';
import { requestParams } from '../../src/modules/app-signin/index.js';

const REDIRECT = 'https://app.example.com/callback';
const dialect = DIALECTS[0];

/** The authorization server's wire without a login: discovery, authorize refusals, token endpoint errors. */
describe(`app sign-in wire (${dialect.name})`, () => {
  let server: TestServer;
  let sdk: ScalekitClient;
  let client: { clientId: string; clientSecret: string };
  const get = (url: string) => fetch(url, { redirect: 'manual' });
  const token = (form: Record<string, string>) => fetch(`${server.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
  const challenge = () => createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url');

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: dialect.databaseUrl });
    client = await server.newClient();
    sdk = new ScalekitClient(server.url, client.clientId, client.clientSecret);
    await addRedirectUri(server.core.storage.db, (await findEnvironmentByName(server.core.storage.db, 'development')).id, client.clientId, 'redirect', REDIRECT);
  });
  afterAll(async () => server?.close());

  it('publishes discovery at the SDK paths, with the server keys as jwks_uri', async () => {
    const d = (await (await get(`${server.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(d).toMatchObject({
      issuer: server.url,
      authorization_endpoint: `${server.url}/oauth/authorize`,
      token_endpoint: `${server.url}/oauth/token`,
      jwks_uri: `${server.url}/keys`,
      end_session_endpoint: `${server.url}/oidc/logout`,
      code_challenge_methods_supported: ['S256'],
      response_types_supported: ['code'],
    });
    expect(d.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token']));
    const keys = (await (await get(`${server.url}/keys`)).json()) as { keys: Array<{ kid: string }> };
    expect(keys.keys.map((k) => k.kid)).toContain(server.core.signingKeys.signingKey().kid);
  });

  it('sends a valid request to the hosted login page with every SDK parameter accepted', async () => {
    const url = sdk.getAuthorizationUrl(REDIRECT, {
      state: 's', nonce: 'n', loginHint: 'ada@example.com', domainHint: 'example.com', organizationId: 'org_1', connectionId: 'conn_1', provider: 'google', prompt: 'login',
      codeChallenge: challenge(), codeChallengeMethod: 'S256',
    });
    const res = await get(url);
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(`${server.url}/ui/login`);
    expect(location.searchParams.get('interaction')).toMatch(/^[\w-]+$/);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('lk_signin_interaction=') && c.includes('path=/ui/login'))).toBe(true);
  });

  it('maps the request parameters for the login pages (domain is domain_hint\u2019s alias)', () => {
    expect(requestParams({ login_hint: 'a@b.c', domain: 'b.c', organization_id: 'org_1', connection_id: 'conn_1', provider: 'github', prompt: 'login' })).toEqual({
      loginHint: 'a@b.c', domainHint: 'b.c', organizationId: 'org_1', connectionId: 'conn_1', provider: 'github', prompt: 'login',
    });
    expect(requestParams({ domain_hint: 'x.y', domain: 'b.c' }).domainHint).toBe('x.y');
  });

  it('never redirects to an unregistered redirect_uri (exact match), nor for an unknown client', async () => {
    for (const uri of ['https://evil.example/callback', `${REDIRECT}/`, `${REDIRECT}?x=1`, 'https://APP.example.com/callback/..']) {
      const res = await get(sdk.getAuthorizationUrl(uri, { state: 's', codeChallenge: challenge(), codeChallengeMethod: 'S256' }));
      expect(res.status, uri).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.text()).toContain('redirect_uri did not match any of the client');
    }
    const unknown = await get(new ScalekitClient(server.url, 'skc_unknown', 'x').getAuthorizationUrl(REDIRECT));
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('location')).toBeNull();
  });

  it('refuses the plain PKCE method (S256 only), answering at the redirect URI', async () => {
    const res = await get(sdk.getAuthorizationUrl(REDIRECT, { state: 's', codeChallenge: 'a'.repeat(43), codeChallengeMethod: 'plain' }));
    const location = new URL(res.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('state')).toBe('s');
  });

  it('answers token endpoint errors per RFC 6749 §5.2, and keeps client_credentials as it was', async () => {
    const wrongSecret = await token({ grant_type: 'authorization_code', code: 'x', redirect_uri: REDIRECT, client_id: client.clientId, client_secret: 'lk_sec_wrong' });
    expect(wrongSecret.status).toBe(401);
    expect((await wrongSecret.json()).error).toBe('invalid_client');
    const unknownCode = await token({ grant_type: 'authorization_code', code: 'not-a-code', redirect_uri: REDIRECT, client_id: client.clientId, client_secret: client.clientSecret });
    expect(unknownCode.status).toBe(400);
    expect((await unknownCode.json()).error).toBe('invalid_grant');
    const unknownRefresh = await token({ grant_type: 'refresh_token', refresh_token: 'nope', client_id: client.clientId, client_secret: client.clientSecret });
    expect((await unknownRefresh.json()).error).toBe('invalid_grant');
    const missing = await token({ grant_type: 'refresh_token', client_id: client.clientId, client_secret: client.clientSecret });
    expect(await missing.json()).toMatchObject({ error: 'invalid_request', error_description: expect.stringContaining('refresh_token') });
    const unsupported = await token({ grant_type: 'password', client_id: client.clientId, client_secret: client.clientSecret });
    expect((await unsupported.json()).error).toBe('unsupported_grant_type');
    const cc = await token({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret });
    expect(cc.status).toBe(200);
    expect((await cc.json()).token_type).toBe('Bearer');
    // No secret ever comes back in an error.
    expect(JSON.stringify(await (await token({ grant_type: 'refresh_token', refresh_token: 'nope', client_id: client.clientId, client_secret: client.clientSecret })).json())).not.toContain(client.clientSecret);
  });

  it('refuses a logout whose post_logout_redirect_uri is not registered', async () => {
    const res = await get(`${server.url}/oidc/logout?client_id=${client.clientId}&post_logout_redirect_uri=${encodeURIComponent('https://evil.example/')}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });
});
