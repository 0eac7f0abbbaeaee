import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { runCli } from '../helpers/run-cli.js';
import { checkRedirectUri } from '../../src/modules/clients/redirect-uris.js';

describe('redirect URI validation', () => {
  it.each([
    ['https://app.example.com/callback'],
    ['http://127.0.0.1:3000/callback'],
    ['http://localhost:8080/auth?x=1'],
    ['http://[::1]:9/cb'],
  ])('accepts %s', (uri) => expect(checkRedirectUri(uri)).toBe(uri));

  it.each([
    ['http://app.example.com/callback', 'must use https'],
    ['https://app.example.com/cb#frag', 'fragment'],
    ['https://*.example.com/cb', 'wildcard'],
    ['/relative/callback', 'absolute URL'],
    ['javascript:alert(1)', 'must use https'],
    ['https://user:pw@app.example.com/cb', 'credentials'],
    ['', 'is required'],
  ])('refuses %s', (uri, message) => expect(() => checkRedirectUri(uri)).toThrow(message));
});

for (const dialect of DIALECTS) {
  describe(`client redirect URIs: REST API and CLI (${dialect.name})`, () => {
    let server: TestServer;
    let client: { clientId: string; clientSecret: string };
    let token: string;
    const api = (method: string, clientId: string, body?: unknown) =>
      fetch(`${server.url}/api/v1/clients/${clientId}/redirect-uris`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });

    beforeAll(async () => {
      server = await startTestServer({ databaseUrl: dialect.databaseUrl });
      client = await server.newClient();
      const t = await fetch(`${server.url}/oauth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret }) });
      token = ((await t.json()) as { access_token: string }).access_token;
    });
    afterAll(async () => server?.close());

    it('adds, lists and removes redirect and post-logout URIs, matched exactly', async () => {
      const added = await api('POST', client.clientId, { uri: 'https://app.example.com/callback' });
      expect(added.status).toBe(201);
      await api('POST', client.clientId, { uri: 'https://app.example.com/callback' }); // again: no duplicate
      await api('POST', client.clientId, { uri: 'https://app.example.com/bye', kind: 'post_logout' });
      expect(await (await api('GET', client.clientId)).json()).toEqual({ redirect_uris: ['https://app.example.com/callback'], post_logout_redirect_uris: ['https://app.example.com/bye'] });
      const removed = await api('DELETE', client.clientId, { uri: 'https://app.example.com/callback' });
      expect(await removed.json()).toEqual({ redirect_uris: [], post_logout_redirect_uris: ['https://app.example.com/bye'] });
      expect((await api('DELETE', client.clientId, { uri: 'https://app.example.com/callback' })).status).toBe(404);
    });

    it('names the field in its errors, and does not reach clients of another environment', async () => {
      const bad = await api('POST', client.clientId, { uri: 'http://app.example.com/cb' });
      expect(bad.status).toBe(400);
      expect(JSON.stringify(await bad.json())).toContain('uri');
      const kind = await api('POST', client.clientId, { uri: 'https://app.example.com/cb', kind: 'sideways' });
      expect(JSON.stringify(await kind.json())).toContain('must be one of redirect, post_logout');
      const extra = await api('POST', client.clientId, { uri: 'https://app.example.com/cb', nope: 1 });
      expect(extra.status).toBe(400);
      const other = await server.newClient('production');
      expect((await api('GET', other.clientId)).status).toBe(404);
      expect((await fetch(`${server.url}/api/v1/clients/${client.clientId}/redirect-uris`)).status).toBe(401);
    });

    it('is managed from the CLI too', async () => {
      const env = { DATA_DIR: server.dataDir, PUBLIC_URL: server.url, LOG_LEVEL: 'warn', ...(server.core.config.databaseUrl ? { DATABASE_URL: server.core.config.databaseUrl } : {}) };
      const cli = (...args: string[]) => runCli(args, env, { timeoutMs: 60_000 });
      const added = await cli('clients', 'redirect-uris', 'add', client.clientId, 'http://127.0.0.1:3000/cb', '--env', 'development');
      expect(added.code, added.stderr).toBe(0);
      expect(added.stdout).toContain('  http://127.0.0.1:3000/cb');
      const logout = await cli('clients', 'redirect-uris', 'add', client.clientId, 'http://127.0.0.1:3000/out', '--kind', 'post_logout');
      expect(logout.code, logout.stderr).toBe(0);
      const listed = await cli('clients', 'redirect-uris', 'list', client.clientId);
      expect(listed.stdout).toMatch(/after sign-in[^\n]*\n {2}http:\/\/127\.0\.0\.1:3000\/cb\n/);
      expect(listed.stdout).toMatch(/post-logout redirect URIs[^\n]*\n(  \S+\n)*  http:\/\/127\.0\.0\.1:3000\/out\n/);
      const refused = await cli('clients', 'redirect-uris', 'add', client.clientId, 'https://x.example/#f');
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('fragment');
      const removed = await cli('clients', 'redirect-uris', 'remove', client.clientId, 'http://127.0.0.1:3000/cb');
      expect(removed.code, removed.stderr).toBe(0);
      expect(removed.stdout).not.toContain('3000/cb');
    }, 120_000);
  });
}
