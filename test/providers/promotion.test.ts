import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { allowHosts, environmentAccess, restCall, type EnvironmentAccess, type RestResult } from '../helpers/agent-auth-env.js';
import { connectionWithAccount } from '../helpers/agent-auth-fixtures.js';
import { secret } from '../helpers/test-utils.js';
import { startEchoUpstream, type EchoUpstream } from '../fakes/echo-upstream.js';
import { destinationHost } from '../../src/modules/providers/custom/credential-destinations.js';

/** A BEARER provider whose credential goes to `proxyUrl`. */
const bearerProvider = (key: string, proxyUrl: string, description = 'test service') => ({
  key,
  display_name: `Svc ${key}`,
  description,
  auth_patterns: [{ type: 'BEARER', display_name: 'Token', fields: [{ field_name: 'token', label: 'Token', input_type: 'password', required: true }] }],
  proxy_url: proxyUrl,
  proxy_enabled: true,
});

/** An OAUTH provider with all four OAuth endpoints on `authHost`. */
const oauthProvider = (key: string, authHost: string) => ({
  key,
  display_name: `OAuth ${key}`,
  auth_patterns: [
    {
      type: 'OAUTH',
      display_name: 'OAuth 2.0',
      oauth_config: {
        authorize_uri: `${authHost}/authorize`,
        token_uri: `${authHost}/token`,
        refresh_uri: `${authHost}/refresh`,
        user_info_uri: `${authHost}/me`,
        available_scopes: [],
      },
    },
  ],
  proxy_url: 'https://api.oauth-svc.example/v1',
  proxy_enabled: true,
});

describe('credential destination hosts', () => {
  it('compares scheme, host and port only, templates as written', () => {
    expect(destinationHost('https://API.Example.com:443/v1?x=1')).toBe('https://api.example.com');
    expect(destinationHost('https://api.example.com:8443/v1')).toBe('https://api.example.com:8443');
    expect(destinationHost('http://api.example.com/v1')).not.toBe(destinationHost('https://api.example.com/v1'));
    expect(destinationHost('https://{{domain}}/api')).toBe('https://{{domain}}');
    expect(destinationHost('https://{{shop}}.myshopify.com/admin')).not.toBe(destinationHost('https://{{domain}}/admin'));
  });
});

for (const dialect of DIALECTS) {
  describe(`custom provider promotion: only the target environment's token writes it (${dialect.name})`, () => {
    let server: TestServer;
    let dev: EnvironmentAccess;
    let prod: EnvironmentAccess;
    let oldUp: EchoUpstream;
    let newUp: EchoUpstream;
    const bearer = secret('prod-token');

    const call = (who: EnvironmentAccess, path: string, method = 'GET', body?: unknown): Promise<RestResult> =>
      restCall(server.url + path, { token: who.token, method, body });
    const promotion = (id: string) => `/api/v1/custom-providers/${id}/promotion`;
    const prodRow = (identifier: string) =>
      server.core.storage.db.selectFrom('custom_providers').selectAll().where('environment_id', '=', prod.envId).where('identifier', '=', identifier).executeTakeFirst();

    /** Production's proxy call on `conn`; returns which fake got it. */
    async function proxiedFrom(conn: string): Promise<'old' | 'new' | 'none'> {
      const [o, n] = [oldUp.requests.length, newUp.requests.length];
      const res = await request(`${server.url}/proxy/ping`, { headers: { authorization: `Bearer ${prod.token}`, connection_name: conn, identifier: 'user_1' } });
      const text = await res.body.text();
      expect(res.statusCode, text).toBe(200);
      if (oldUp.requests.length > o) {
        expect(oldUp.last().headers.authorization).toBe(`Bearer ${bearer}`);
        return 'old';
      }
      return newUp.requests.length > n ? 'new' : 'none';
    }

    /** Production's provider `key` on the old fake, with a connection `conn` and one account. */
    async function prodServiceOnOldHost(key: string, conn: string) {
      expect((await call(prod, '/api/v1/custom-providers', 'POST', bearerProvider(key, `https://127.0.0.1:${oldUp.port}/base`))).status).toBe(201);
      await connectionWithAccount(
        { db: server.core.storage.db, vault: server.core.vault, envId: prod.envId },
        { providerKey: key, connectionName: conn, authType: 'BEARER', identifier: 'user_1', credentials: { kind: 'static', fields: { token: bearer } } },
      );
    }

    beforeAll(async () => {
      [oldUp, newUp] = [await startEchoUpstream(), await startEchoUpstream()];
      server = await startTestServer({ databaseUrl: dialect.databaseUrl });
      dev = await environmentAccess(server, 'development');
      prod = await environmentAccess(server, 'production');
      for (const e of [dev, prod]) await allowHosts(server.core.storage.db, e.envId, ['127.0.0.1']);
    });
    afterAll(async () => {
      await server?.close();
      await oldUp?.close();
      await newUp?.close();
    });

    it("refuses a development token's push into production and writes nothing", async () => {
      await prodServiceOnOldHost('prodsvc', 'prodsvc-conn');
      expect(await proxiedFrom('prodsvc-conn')).toBe('old');
      expect((await call(dev, '/api/v1/custom-providers', 'POST', bearerProvider('prodsvc', `https://127.0.0.1:${newUp.port}/steal`))).status).toBe(201);
      const before = await prodRow('prodsvc');

      const pushed = await call(dev, promotion('prodsvc'), 'POST', { to: 'production' });
      expect(pushed.status).toBe(400);
      expect(pushed.json.details[0].validation_error_info.field_violations[0].field).toBe('to');
      expect(pushed.json.message).toContain("the target environment's token");
      expect(pushed.json.message).toContain('"from"');
      const planned = await call(dev, `${promotion('prodsvc')}?to=production`);
      expect(planned.status).toBe(400);
      expect(planned.json.message).toMatch(/^to is not accepted/);
      // Naming itself as the source is no way round it either.
      const self = await call(dev, promotion('prodsvc'), 'POST', { from: 'development' });
      expect(self.status).toBe(400);
      expect(self.json.message).toContain("this token's ('development')");

      expect(await prodRow('prodsvc')).toEqual(before);
      expect(await proxiedFrom('prodsvc-conn')).toBe('old');
      expect(newUp.requests).toHaveLength(0);
    });

    it('lets a production token pull from development: plan first, a new host only when confirmed', async () => {
      await prodServiceOnOldHost('pullsvc', 'pullsvc-conn');
      const onOld = bearerProvider('pullsvc', `https://127.0.0.1:${oldUp.port}/base`, 'now with a better description');
      expect((await call(dev, '/api/v1/custom-providers', 'POST', onOld)).status).toBe(201);

      // Same host: no confirmation needed.
      const plan1 = await call(prod, `${promotion('pullsvc')}?from=development`);
      expect(plan1.json).toMatchObject({ action: 'update', from: 'development', to: 'production', destination_changes: [], confirmation_required: false, applied: false });
      expect(plan1.json.changes).toEqual([{ path: 'description', from: 'test service', to: 'now with a better description' }]);
      expect((await call(prod, promotion('pullsvc'), 'POST', { from: 'development' })).json).toMatchObject({ action: 'update', applied: true });
      expect((await call(prod, promotion('pullsvc'), 'POST', { from: 'development' })).json).toMatchObject({ action: 'none', applied: false, changes: [] });

      // A path change on the same host is not a destination change.
      const samePort = { ...onOld, proxy_url: `https://127.0.0.1:${oldUp.port}/base/v2` };
      expect((await call(dev, '/api/v1/custom-providers/pullsvc', 'PUT', samePort)).status).toBe(200);
      expect((await call(prod, promotion('pullsvc'), 'POST', { from: 'development' })).json).toMatchObject({ applied: true, destination_changes: [] });

      const moved = { ...onOld, proxy_url: `https://127.0.0.1:${newUp.port}/steal` };
      expect((await call(dev, '/api/v1/custom-providers/pullsvc', 'PUT', moved)).status).toBe(200);
      const hostChange = { path: 'proxy_url', from: `https://127.0.0.1:${oldUp.port}`, to: `https://127.0.0.1:${newUp.port}` };
      const plan2 = await call(prod, `${promotion('pullsvc')}?from=development`);
      expect(plan2.json).toMatchObject({ action: 'update', destination_changes: [hostChange], confirmation_required: true, applied: false });

      const before = await prodRow('pullsvc');
      const refused = await call(prod, promotion('pullsvc'), 'POST', { from: 'development' });
      expect(refused.status).toBe(400);
      expect(refused.json.code).toBe('FAILED_PRECONDITION');
      expect(refused.json.details[0].error_code).toBe('PROMOTION_CHANGES_DESTINATIONS');
      expect(refused.json.message).toContain(`proxy_url: https://127.0.0.1:${oldUp.port} → https://127.0.0.1:${newUp.port}`);
      expect(refused.json.message).toContain('"confirm_destination_change": true');
      expect(await prodRow('pullsvc')).toEqual(before);
      expect(await proxiedFrom('pullsvc-conn')).toBe('old');

      const notBool = await call(prod, promotion('pullsvc'), 'POST', { from: 'development', confirm_destination_change: 'yes' });
      expect(notBool.status).toBe(400);
      expect(notBool.json.message).toContain('confirm_destination_change must be true or false');

      const confirmed = await call(prod, promotion('pullsvc'), 'POST', { from: 'development', confirm_destination_change: true });
      expect(confirmed.status).toBe(200);
      expect(confirmed.json).toMatchObject({ action: 'update', applied: true, destination_changes: [hostChange] });
      expect(await proxiedFrom('pullsvc-conn')).toBe('new');
    });

    it('treats a new provider and every OAuth endpoint host as destination changes', async () => {
      expect((await call(dev, '/api/v1/custom-providers', 'POST', oauthProvider('oauthsvc', 'https://auth.oauth-svc.example'))).status).toBe(201);
      const plan = await call(prod, `${promotion('oauthsvc')}?from=development`);
      expect(plan.json.action).toBe('create');
      expect(plan.json.destination_changes).toEqual([
        { path: 'proxy_url', from: null, to: 'https://api.oauth-svc.example' },
        ...['authorize_uri', 'token_uri', 'refresh_uri', 'user_info_uri'].map((k) => ({ path: `auth_patterns[0].oauth_config.${k}`, from: null, to: 'https://auth.oauth-svc.example' })),
      ]);
      const refused = await call(prod, promotion('oauthsvc'), 'POST', { from: 'development' });
      expect(refused.status).toBe(400);
      expect(refused.json.message).toContain("creating 'oauthsvc' in production from development");
      expect(refused.json.message).toContain('auth_patterns[0].oauth_config.token_uri: (none) → https://auth.oauth-svc.example');
      expect((await call(prod, '/api/v1/providers/oauthsvc')).status).toBe(404);
      expect((await call(prod, promotion('oauthsvc'), 'POST', { from: 'development', confirm_destination_change: true })).json).toMatchObject({ action: 'create', applied: true });

      for (const key of ['token_uri', 'refresh_uri', 'user_info_uri', 'authorize_uri'] as const) {
        const def = oauthProvider('oauthsvc', 'https://auth.oauth-svc.example');
        (def.auth_patterns[0].oauth_config as Record<string, unknown>)[key] = 'https://collector.evil.example/x';
        expect((await call(dev, '/api/v1/custom-providers/oauthsvc', 'PUT', def)).status).toBe(200);
        const change = { path: `auth_patterns[0].oauth_config.${key}`, from: 'https://auth.oauth-svc.example', to: 'https://collector.evil.example' };
        expect((await call(prod, `${promotion('oauthsvc')}?from=development`)).json.destination_changes).toEqual([change]);
        const before = await prodRow('oauthsvc');
        const res = await call(prod, promotion('oauthsvc'), 'POST', { from: 'development' });
        expect(res.status).toBe(400);
        expect(res.json.details[0].validation_error_info.field_violations).toEqual([{ field: change.path, description: `host changes from ${change.from} to ${change.to}` }]);
        expect(await prodRow('oauthsvc')).toEqual(before);
      }
      // The last one (authorize_uri) confirmed: production now holds it.
      expect((await call(prod, promotion('oauthsvc'), 'POST', { from: 'development', confirm_destination_change: true })).json.applied).toBe(true);
      expect((await call(prod, '/api/v1/providers/oauthsvc')).json.provider.auth_patterns[0].oauth_config.authorize_uri).toBe('https://collector.evil.example/x');
    });

    it('runs the other way only as an act of development, and names every bad field', async () => {
      expect((await call(prod, '/api/v1/custom-providers', 'POST', bearerProvider('prodfirst', 'https://api.prodfirst.example'))).status).toBe(201);
      const pushed = await call(prod, promotion('prodfirst'), 'POST', { to: 'development' });
      expect(pushed.status).toBe(400);
      expect(pushed.json.message).toMatch(/^to is not accepted/);
      expect((await call(dev, '/api/v1/providers/prodfirst')).status).toBe(404);

      const plan = await call(dev, `${promotion('prodfirst')}?from=production`);
      expect(plan.json).toMatchObject({ action: 'create', from: 'production', to: 'development', destination_changes: [{ path: 'proxy_url', from: null, to: 'https://api.prodfirst.example' }] });
      expect((await call(dev, promotion('prodfirst'), 'POST', { from: 'production' })).status).toBe(400);
      expect((await call(dev, promotion('prodfirst'), 'POST', { from: 'production', confirm_destination_change: true })).json).toMatchObject({ action: 'create', applied: true });
      expect((await call(dev, '/api/v1/providers/prodfirst')).json.provider.proxy_url).toBe('https://api.prodfirst.example');

      const noFrom = await call(prod, promotion('prodfirst'), 'POST', {});
      expect(noFrom.status).toBe(400);
      expect(noFrom.json.details[0].validation_error_info.field_violations[0].field).toBe('from');
      const extra = await call(prod, promotion('prodfirst'), 'POST', { from: 'development', force: true });
      expect(extra.json.message).toContain('force is not a recognised field');
      const unknownEnv = await call(prod, `${promotion('prodfirst')}?from=staging`);
      expect(unknownEnv.status).toBe(404);
      expect(unknownEnv.json.message).toContain("environment 'staging' does not exist");
      const missing = await call(prod, `${promotion('nosuch')}?from=development`);
      expect(missing.status).toBe(404);
      expect(missing.json.message).toContain("'nosuch' in environment 'development'");
      // PostgreSQL refuses NUL bytes in parameters: 400 naming the field, never a 500.
      expect((await call(prod, `${promotion('prodfirst')}?from=dev%00x`)).json.message).toBe('from must not contain NUL (U+0000)');
      expect((await call(prod, `${promotion('a%00b')}?from=development`)).status).toBe(400);
      expect((await call(prod, '/api/v1/providers/a%00b')).json.message).toBe('identifier must not contain control characters (U+0000-U+001F, U+007F)');
    });
  });
}
