import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/test-server.js';
import { restCall, startAgentAuthEnv, type AgentAuthEnv } from '../helpers/agent-auth-env.js';
import { connectionWithAccount, customProvider, insertAccount, oauthCredentials } from '../helpers/agent-auth-fixtures.js';
import { rejectionOf, secret } from '../helpers/test-utils.js';
import { startEchoUpstream, type EchoUpstream } from '../fakes/echo-upstream.js';
import { errorBody, proxy } from '../proxy/fixtures.js';
import { createConnection } from '../../src/modules/connections/connections.js';
import { createOutboundFetch } from '../../src/modules/egress/outbound-fetch.js';
import { AllowList, refusalIn } from '../../src/modules/egress/ssrf-guard.js';

/** What every refusal of an http URL in a definition says. */
const RULE = 'must be an https URL (http is accepted only for a loopback host written out in the URL (localhost, 127.0.0.1 or [::1], not a template), which the environment must list in proxy_allowed_hosts)';

const bearerPattern = { type: 'BEARER', display_name: 'Token', fields: [{ field_name: 'token', label: 'Token', input_type: 'password', required: true }] };
const oauthPattern = (oauth: Record<string, unknown>) => ({ type: 'OAUTH', display_name: 'OAuth', oauth_config: { available_scopes: [], ...oauth } });

/**
 * One rule for plain http, from definition to socket: URLs are used as written, `https://` is
 * always TLS (also to loopback), and `http://` is accepted only with a literal loopback host and
 * reached only when the environment lists it.
 */
for (const dialect of DIALECTS) {
  describe(`plain http to allow-listed loopback hosts, https always TLS (${dialect.name})`, () => {
    let env: AgentAuthEnv;
    /** A cleartext upstream (what a local fake or sidecar usually is). */
    let plain: EchoUpstream;
    /** A TLS upstream whose certificate the server trusts through UPSTREAM_CA_FILE. */
    let tls: EchoUpstream;

    const createProvider = (body: Record<string, unknown>) =>
      restCall(`${env.server.url}/api/v1/custom-providers`, { token: env.token, method: 'POST', body: { proxy_enabled: true, auth_patterns: [bearerPattern], ...body } });
    const setAllowedHosts = (hosts: string[]) =>
      restCall(`${env.server.url}/api/v1/agent-auth/proxy-allowed-hosts`, { token: env.token, method: 'PUT', body: { hosts } });

    beforeAll(async () => {
      plain = await startEchoUpstream({ plainHttp: true });
      tls = await startEchoUpstream();
      env = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl, allowHosts: ['127.0.0.1'] });
    });
    afterAll(async () => {
      await env?.server.close();
      await plain?.close();
      await tls?.close();
    });

    it('accepts http URLs whose host is localhost or a loopback literal, and stores them as written', async () => {
      const proxyUrl = `${plain.url}/base`;
      const created = await createProvider({
        key: 'plain_fake',
        display_name: 'Plain fake',
        auth_patterns: [oauthPattern({ authorize_uri: 'http://localhost:3000/authorize', token_uri: `${plain.url}/token`, refresh_uri: 'http://[::1]:3000/refresh', user_info_uri: 'http://127.0.0.2/me' })],
        proxy_url: proxyUrl,
      });
      expect(created.status).toBe(201);
      const got = await restCall(`${env.server.url}/api/v1/providers/plain_fake`, { token: env.token });
      expect(got.json.provider.proxy_url).toBe(proxyUrl);
      expect(got.json.provider.auth_patterns[0].oauth_config).toMatchObject({ token_uri: `${plain.url}/token`, refresh_uri: 'http://[::1]:3000/refresh' });
    });

    it('refuses http to any other host, or to a templated host, naming each field and the rule', async () => {
      const res = await createProvider({
        display_name: 'Cleartext elsewhere',
        auth_patterns: [
          {
            ...oauthPattern({ authorize_uri: 'http://api.localhost/authorize', token_uri: 'http://10.0.0.1/token', refresh_uri: 'http://localhost.example.com/refresh', user_info_uri: 'http://{{host}}/me' }),
            account_fields: [{ field_name: 'host', label: 'Host' }],
          },
        ],
        proxy_url: 'http://api.example.com',
        docs_url: 'http://127.0.0.1/docs',
      });
      expect(res.status).toBe(400);
      const violations = res.json.details[0].validation_error_info.field_violations as Array<{ field: string; description: string }>;
      const at = 'auth_patterns[0].oauth_config';
      expect(violations).toEqual(
        expect.arrayContaining([
          { field: 'proxy_url', description: RULE },
          { field: `${at}.authorize_uri`, description: RULE },
          { field: `${at}.token_uri`, description: RULE },
          { field: `${at}.refresh_uri`, description: RULE },
          { field: `${at}.user_info_uri`, description: RULE },
          // A link for people, not an endpoint: https only.
          { field: 'docs_url', description: 'must be an https URL' },
        ]),
      );
      expect(res.json.message).toContain(`proxy_url ${RULE}`);
    });

    it('over http, a static credential reaches the loopback upstream; without the host in the allow-list nothing is sent', async () => {
      await customProvider(env.db, env.envId, 'plain_bearer', bearerPattern, `${plain.url}/base`);
      const token = secret('plain-bearer');
      await connectionWithAccount(env, { providerKey: 'plain_bearer', connectionName: 'plain-bearer', authType: 'BEARER', identifier: 'u1', credentials: { kind: 'static', fields: { token } } });

      const ok = await proxy(env, { connectionName: 'plain-bearer', identifier: 'u1', path: '/items?x=1' });
      expect(ok.statusCode).toBe(200);
      await ok.body.dump();
      expect(plain.last()).toMatchObject({ method: 'GET', url: '/base/items?x=1' });
      expect(plain.last().headers.authorization).toBe(`Bearer ${token}`);

      const before = plain.requests.length;
      expect((await setAllowedHosts([])).status).toBe(200);
      try {
        const refused = await proxy(env, { connectionName: 'plain-bearer', identifier: 'u1', path: '/items' });
        expect(refused.statusCode).toBe(403);
        const body = await errorBody(refused);
        expect(body.details[0].error_code).toBe('PROXY_DESTINATION_REFUSED');
        expect(body.message).toContain('127.0.0.1: it is a loopback address');
        expect(plain.requests.length).toBe(before);
      } finally {
        expect((await setAllowedHosts(['127.0.0.1'])).status).toBe(200);
      }
    });

    it('https to a loopback host is TLS, never downgraded: a cleartext upstream gets no request, a TLS one answers', async () => {
      await customProvider(env.db, env.envId, 'tls_bearer', bearerPattern); // https://{{domain}}/base
      const token = secret('tls-bearer');
      await connectionWithAccount(env, { providerKey: 'tls_bearer', connectionName: 'tls-to-plain', authType: 'BEARER', identifier: 'u1', credentials: { kind: 'static', fields: { domain: plain.hostPort, token } } });
      await connectionWithAccount(env, { providerKey: 'tls_bearer', connectionName: 'tls-to-tls', authType: 'BEARER', identifier: 'u1', credentials: { kind: 'static', fields: { domain: tls.hostPort, token } } });

      const before = plain.requests.length;
      const failed = await proxy(env, { connectionName: 'tls-to-plain', identifier: 'u1', path: '/x' });
      expect(failed.statusCode).toBe(502);
      expect((await errorBody(failed)).details[0].error_code).toBe('UPSTREAM_UNREACHABLE');
      expect(plain.requests.length).toBe(before);

      const ok = await proxy(env, { connectionName: 'tls-to-tls', identifier: 'u1', path: '/x' });
      expect(ok.statusCode).toBe(200);
      await ok.body.dump();
      expect(tls.last()).toMatchObject({ url: '/base/x' });
      expect(tls.last().headers.authorization).toBe(`Bearer ${token}`);
    });

    it('OAuth endpoints follow the same rule: an expired token is refreshed at an http token_uri on loopback', async () => {
      const fresh = secret('fresh-access');
      plain.respond((r, res) => {
        const json = r.path === '/token' ? { access_token: fresh, token_type: 'Bearer', expires_in: 3600 } : { path: r.path };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      });
      try {
        await customProvider(env.db, env.envId, 'plain_oauth', oauthPattern({ authorize_uri: `${plain.url}/authorize`, token_uri: `${plain.url}/token` }), `${plain.url}/api`);
        const refreshToken = secret('refresh');
        const connection = await createConnection(env.db, env.vault, env.envId, { providerKey: 'plain_oauth', connectionName: 'plain-oauth', clientId: 'plain-client', clientSecret: secret('client-secret') });
        await insertAccount(env.db, env.vault, {
          envId: env.envId, connectionId: connection.id, identifier: 'u1',
          credentials: oauthCredentials({ access_token: secret('stale'), refresh_token: refreshToken }),
          expiresAt: new Date(Date.now() - 60_000),
        });
        const res = await proxy(env, { connectionName: 'plain-oauth', identifier: 'u1', path: '/me' });
        expect(res.statusCode).toBe(200);
        await res.body.dump();
        const grant = plain.requests.find((r) => r.path === '/token')!;
        const form = Object.fromEntries(new URLSearchParams(grant.body.toString()));
        expect(form).toMatchObject({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: 'plain-client' });
        expect(plain.last()).toMatchObject({ path: '/api/me' });
        expect(plain.last().headers.authorization).toBe(`Bearer ${fresh}`);
      } finally {
        plain.respond(undefined);
      }
    });
  });
}

describe('the egress guard never speaks plain http beyond loopback', () => {
  const outbound = createOutboundFetch();
  afterAll(() => outbound.close());

  it('refuses http to a public or private address even when the allow-list names it, before connecting', async () => {
    for (const host of ['93.184.216.34', '10.0.0.5']) {
      const err = await rejectionOf(outbound.forAllowList(new AllowList([host]))(`http://${host}/token`, { method: 'POST', body: 'client_secret=s' }));
      expect(refusalIn(err)).toMatchObject({ plainHttp: true, address: host, kind: 'not a loopback address, and plain http is spoken only to loopback addresses (use https)' });
    }
  });
});
