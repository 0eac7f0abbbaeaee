import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freePort } from '../helpers/test-server.js';
import { restCall, startAgentAuthEnv, type AgentAuthEnv } from '../helpers/agent-auth-env.js';
import { connectionWithAccount, insertAccount } from '../helpers/agent-auth-fixtures.js';
import { secret } from '../helpers/test-utils.js';
import { runCli } from '../helpers/run-cli.js';
import { violations } from '../helpers/wire-errors.js';
import { createConnection, getConnection } from '../../src/modules/connections/connections.js';
import { startEchoUpstream, type EchoUpstream } from '../fakes/echo-upstream.js';
import { proxy } from '../proxy/fixtures.js';

for (const dialect of DIALECTS) {
  describe(`connection proxy_url override (${dialect.name})`, () => {
    let env: AgentAuthEnv;
    let up: EchoUpstream;
    const token = secret('stripe-key');
    const rest = (p: string, init: { method?: string; body?: unknown } = {}) => restCall(`${env.server.url}${p}`, { token: env.token, ...init });

    beforeAll(async () => {
      up = await startEchoUpstream();
      env = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl, allowHosts: ['127.0.0.1'] });
    });
    afterAll(async () => {
      await env?.server.close();
      await up?.close();
    });

    it("aims a built-in provider's connection at another instance through PATCH /api/v1/connections/{id}; /proxy follows it", async () => {
      // Built-in Stripe, whose proxy_url is https://api.stripe.com: the override sends its calls to the fake.
      const { connection, account } = await connectionWithAccount(env, {
        providerKey: 'stripe', connectionName: 'stripe-sandbox', authType: 'BEARER', identifier: 'user_1', credentials: { kind: 'static', fields: { token } },
      });
      const set = await rest(`/api/v1/connections/${connection.id}`, { method: 'PATCH', body: { static_config: { static_config: { proxy_url: `${up.url}/sandbox/v1` } } } });
      expect(set.status, set.text).toBe(200);
      expect(set.json.connection.static_config.static_config).toEqual({ timeout_ms: 60000, proxy_url: `${up.url}/sandbox/v1` });

      const res = await proxy(env, { connectionName: 'stripe-sandbox', identifier: account.identifier, path: '/charges?limit=3' });
      expect(res.statusCode).toBe(200);
      await res.body.text();
      expect(up.last().url).toBe('/sandbox/v1/charges?limit=3');
      expect(up.last().headers.authorization).toBe(`Bearer ${token}`);

      // null puts the provider's proxy_url back.
      const cleared = await rest(`/api/v1/connections/${connection.id}`, { method: 'PATCH', body: { static_config: { static_config: { proxy_url: null } } } });
      expect(cleared.json.connection.static_config.static_config).toEqual({ timeout_ms: 60000 });
      expect((await getConnection(env.db, env.envId, { id: connection.id })).proxyUrl).toBeUndefined();
    });

    it('takes the override on an OAuth connection too, and on create', async () => {
      const c = await createConnection(env.db, env.vault, env.envId, { providerKey: 'github', connectionName: 'ghe', proxyUrl: `${up.url}/api/v3` });
      const acct = await insertAccount(env.db, env.vault, { envId: env.envId, connectionId: c.id, identifier: 'dev_1', credentials: { kind: 'oauth', access_token: 'gho_test', token_type: 'Bearer' } });
      const res = await proxy(env, { connectionName: 'ghe', identifier: acct.identifier, path: '/user' });
      expect(res.statusCode).toBe(200);
      await res.body.text();
      expect(up.last().url).toBe('/api/v3/user');
      const moved = await rest(`/api/v1/connections/${c.id}`, { method: 'PATCH', body: { static_config: { static_config: { proxy_url: `${up.url}/other` } } } });
      expect(moved.status, moved.text).toBe(200);
      // The settings oneof shows OAuth connections' oauth_config; the override is stored all the same.
      expect((await getConnection(env.db, env.envId, { id: c.id })).proxyUrl).toBe(`${up.url}/other`);
    });

    it("validates the override exactly like a provider's proxy_url, naming the field", async () => {
      const c = await createConnection(env.db, env.vault, env.envId, { providerKey: 'freshdesk', connectionName: 'fd' });
      const patch = (proxy_url: unknown) => rest(`/api/v1/connections/${c.id}`, { method: 'PATCH', body: { static_config: { static_config: { proxy_url } } } });
      for (const [url, says] of [
        ['http://example.com/api', 'must be an https URL'],
        ['http://{{domain}}/api', 'must be an https URL'],
        ['https://user:pw@example.com', 'must be an https URL'],
        ['not a url', 'must be an https URL'],
        ['https://{{tenant}}.example.com', 'template {{tenant}} names no field'],
        ['https://{{ domain }/x', 'malformed template'],
        [42, 'must be a URL string'],
      ] as const) {
        const res = await patch(url);
        expect(res.status, String(url)).toBe(400);
        expect(violations(res.json)?.[0]?.field).toBe('connection.static_config.proxy_url');
        expect(res.json.message, String(url)).toContain(says);
      }
      // Templates from the pattern's declared fields are fine (Freshdesk BASIC declares domain).
      expect((await patch('https://{{domain}}/api/v2')).status).toBe(200);
      expect((await patch('http://127.0.0.1:9/api')).status).toBe(200);
      await expect(createConnection(env.db, env.vault, env.envId, { providerKey: 'stripe', connectionName: 'bad', proxyUrl: 'http://10.0.0.5' })).rejects.toMatchObject({
        code: 'invalid_argument',
        message: expect.stringContaining('connection.static_config.proxy_url must be an https URL'),
      });
    });

    it('stays behind the egress guard: a loopback override the environment does not allow is refused at call time', async () => {
      const other = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl });
      try {
        const { account } = await connectionWithAccount(other, {
          providerKey: 'stripe', connectionName: 'stripe', authType: 'BEARER', identifier: 'u', credentials: { kind: 'static', fields: { token } },
        });
        const c = await getConnection(other.db, other.envId, { name: 'stripe' });
        const set = await restCall(`${other.server.url}/api/v1/connections/${c.id}`, { token: other.token, method: 'PATCH', body: { static_config: { static_config: { proxy_url: up.url } } } });
        expect(set.status).toBe(200);
        const before = up.requests.length;
        const res = await proxy(other, { connectionName: 'stripe', identifier: account.identifier, path: '/charges' });
        expect(res.statusCode).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
        await res.body.text();
        expect(up.requests.length).toBe(before);
      } finally {
        await other.server.close();
      }
    });
  });
}

describe('latchkey connections create --proxy-url / update', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-proxy-url-cli-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('sets, changes and clears the override, refusing an invalid one naming the field', async () => {
    const port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'warn' };
    expect((await runCli(['migrate'], env)).code).toBe(0);
    const created = await runCli(['connections', 'create', '--provider', 'github', '--name', 'ghe', '--proxy-url', 'https://ghe.acme.test/api/v3'], env);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('proxy_url:     https://ghe.acme.test/api/v3\n');
    const updated = await runCli(['connections', 'update', 'ghe', '--proxy-url', 'https://ghe2.acme.test/api/v3'], env);
    expect(updated.code, updated.stderr).toBe(0);
    expect(updated.stdout).toContain("updated connection 'ghe' in development\n");
    expect(updated.stdout).toContain('proxy_url:     https://ghe2.acme.test/api/v3\n');
    const bad = await runCli(['connections', 'update', 'ghe', '--proxy-url', 'http://ghe.acme.test'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('connection.static_config.proxy_url must be an https URL');
    const cleared = await runCli(['connections', 'update', 'ghe', '--clear-proxy-url'], env);
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(cleared.stdout).toContain("proxy_url:     (the provider's)\n");
    const neither = await runCli(['connections', 'update', 'ghe'], env);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('exactly one of --proxy-url URL or --clear-proxy-url');
  });
});
