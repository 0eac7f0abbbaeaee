import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { envAccessToken } from '../helpers/env-token.js';
import { runCli } from '../helpers/run-cli.js';

const PATH = '/api/v1/agent-auth/social-providers';
const SECRET = 'GOCSPX-very-secret-value-1234';

/** Social providers configured per environment over REST and the CLI: validation by field, write-only secrets. */
for (const dialect of DIALECTS) {
  describe(`social providers admin (${dialect.name})`, () => {
    let server: TestServer;
    let token: string;
    const call = async (method: string, path: string, body?: unknown, bearer = token) => {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${bearer}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      return { status: res.status, text, json: text ? JSON.parse(text) : undefined };
    };

    beforeAll(async () => {
      server = await startTestServer({ databaseUrl: dialect.databaseUrl });
      token = await envAccessToken(server.url, await server.newClient());
    });
    afterAll(async () => server?.close());

    it('adds Google with its defaults and never answers the secret', async () => {
      const created = await call('POST', PATH, { key: 'google', client_id: 'g-123.apps.googleusercontent.com', client_secret: SECRET });
      expect(created.status).toBe(201);
      expect(created.json.social_provider).toMatchObject({
        key: 'google', kind: 'GOOGLE', display_name: 'Google', enabled: true, scopes: ['openid', 'email', 'profile'],
        issuer: 'https://accounts.google.com', client_secret_hint: '••••1234', endpoints: { token_url: null },
      });
      const listed = await call('GET', PATH);
      expect(listed.json.social_providers.map((p: { key: string }) => p.key)).toEqual(['google']);
      for (const r of [created, listed, await call('GET', `${PATH}/google`)]) expect(r.text).not.toContain(SECRET);
      const row = await server.core.storage.db.selectFrom('social_providers').selectAll().where('provider_key', '=', 'google').executeTakeFirstOrThrow();
      expect(row.client_secret_ciphertext).not.toContain(SECRET);
      expect(server.logs.join('\n')).not.toContain(SECRET);
      expect((await call('POST', PATH, { key: 'google', client_id: 'x', client_secret: 'y' })).json).toMatchObject({ code: 'ALREADY_EXISTS' });
    });

    it('names every wrong field at once', async () => {
      const r = await call('POST', PATH, {
        key: 'Bad Key', client_id: '', scopes: ['profile'], issuer: 'http://idp.example.com', endpoints: { api_url: 'https://x.test' }, colour: 'blue',
      });
      expect(r.status).toBe(400);
      const fields = (r.json.details?.[0]?.field_violations ?? r.json.field_violations ?? []).map((v: { field: string }) => v.field);
      const text = JSON.stringify(r.json);
      for (const f of ['colour', 'key', 'client_id', 'client_secret', 'issuer', 'endpoints.api_url']) expect(fields.length ? fields : text).toContain(f);
      expect(text).toMatch(/issuer must use https/);
      const github = await call('POST', PATH, { key: 'github', kind: 'OIDC', client_id: 'a', client_secret: 'b' });
      expect(github.json.message).toBe('kind must be GITHUB for the key "github"');
      const oidc = await call('POST', PATH, { key: 'acme', client_id: 'a', client_secret: 'b', scopes: ['email'] });
      expect(oidc.json.message).toMatch(/scopes must include "openid".*issuer is required for an OIDC provider/);
    });

    it('answers NUL bytes and oversized values with 400s naming the field, never a 500', async () => {
      const nul = await call('POST', PATH, { key: 'google2', client_id: 'a\u0000b', client_secret: 'x' });
      expect(nul.status).toBe(400);
      expect(nul.text).toContain('client_id');
      expect((await call('GET', `${PATH}/goo%00gle`)).status).toBe(400);
      const long = await call('POST', PATH, { key: 'okta', client_id: 'a', client_secret: 'b', issuer: `https://idp.test/${'x'.repeat(3000)}` });
      expect(long.status).toBe(400);
      expect(long.text).toContain('issuer');
      const forged = await fetch(`${server.url}/ui/login/social/callback?state=%00&code=x`);
      expect(forged.status).toBe(400);
    });

    it('takes a generic OIDC provider and GitHub with loopback endpoint overrides, updates and removes them', async () => {
      const acme = await call('POST', PATH, { key: 'acme-idp', client_id: 'acme', client_secret: 'acme-secret', issuer: 'https://login.acme.test/' });
      expect(acme.json.social_provider).toMatchObject({ kind: 'OIDC', display_name: 'acme-idp', issuer: 'https://login.acme.test/', client_secret_hint: '••••' });
      const gh = await call('POST', PATH, { key: 'github', client_id: 'Iv1.abc', client_secret: 'gh-secret-0123456789', endpoints: { api_url: 'http://127.0.0.1:9/api/v3' } });
      expect(gh.json.social_provider).toMatchObject({ kind: 'GITHUB', scopes: ['read:user', 'user:email'], issuer: null, endpoints: { api_url: 'http://127.0.0.1:9/api/v3' } });
      const off = await call('PATCH', `${PATH}/github`, { enabled: false, client_secret: 'rotated-secret-9876' });
      expect(off.json.social_provider).toMatchObject({ enabled: false, client_secret_hint: '••••9876' });
      expect((await call('PATCH', `${PATH}/github`, { kind: 'OIDC' })).json.message).toMatch(/^kind cannot change/);
      expect((await call('DELETE', `${PATH}/acme-idp`)).status).toBe(200);
      expect((await call('GET', `${PATH}/acme-idp`)).status).toBe(404);
      expect((await call('GET', PATH, undefined, 'not-a-token')).status).toBe(401);
    });

    it('is managed from the CLI: add, list, remove', async () => {
      const env = { DATA_DIR: server.dataDir, PUBLIC_URL: server.url, LOG_LEVEL: 'warn', ...(server.core.config.databaseUrl ? { DATABASE_URL: server.core.config.databaseUrl } : {}) };
      const cli = (...args: string[]) => runCli(args, env, { timeoutMs: 170_000 });
      const added = await cli('social-providers', 'add', 'microsoft', '--client-id', 'ms-app', '--client-secret', 'ms-secret-value-4321');
      expect(added.stderr).toBe('');
      expect(added.stdout).toContain('microsoft  MICROSOFT  enabled  "Microsoft"  client_id=ms-app  secret=••••4321  issuer=https://login.microsoftonline.com/common/v2.0');
      expect(added.stdout).toContain(`Register this redirect URI with the provider: ${server.url}/ui/login/social/callback`);
      const bad = await cli('social-providers', 'add', 'okta', '--client-id', 'x', '--client-secret', 'y');
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('issuer is required for an OIDC provider');
      const listed = await cli('social-providers', 'list');
      expect(listed.stdout.split('\n').map((l) => l.split('  ').slice(0, 3).join(' '))).toEqual(['github GITHUB disabled', 'google GOOGLE enabled', 'microsoft MICROSOFT enabled', '']);
      expect(listed.stdout).not.toContain('ms-secret-value-4321');
      expect((await cli('social-providers', 'remove', 'microsoft')).stderr).toContain('needs --env');
      expect((await cli('social-providers', 'remove', 'microsoft', '--env', 'development')).stdout).toContain('removed social provider microsoft');
    });
  });
}
