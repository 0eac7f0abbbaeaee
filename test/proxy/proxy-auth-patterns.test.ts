import { randomBytes } from 'node:crypto';
import http2 from 'node:http2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScalekitClient } from '@scalekit-sdk/node';
import { DIALECTS } from '../helpers/test-server.js';
import { startAgentAuthEnv, type AgentAuthEnv } from '../helpers/agent-auth-env.js';
import { connectionWithAccount, customProvider, staticAuthDetails } from '../helpers/agent-auth-fixtures.js';
import { secret, sha256 } from '../helpers/test-utils.js';
import { createConnection } from '../../src/modules/connections/connections.js';
import { startEchoUpstream, type EchoUpstream } from '../fakes/echo-upstream.js';
import { proxy } from './fixtures.js';

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

for (const dialect of DIALECTS) {
  describe(`tool proxy: credential injection per auth pattern (${dialect.name})`, () => {
    let env: AgentAuthEnv;
    let up: EchoUpstream;
    let scalekit: ScalekitClient;
    const bearerToken = secret('bearer');
    const apiKey = secret('apikey');
    const oauthToken = secret('oauth-access');
    const freshdeskKey = secret('fd');

    beforeAll(async () => {
      up = await startEchoUpstream();
      env = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl, allowHosts: ['127.0.0.1'] });
      scalekit = env.sdk;

      await customProvider(env.db, env.envId, 'fake_bearer', { type: 'BEARER', fields: [{ field_name: 'token', label: 'Token', input_type: 'password', required: true }] });
      await connectionWithAccount(env, {
        providerKey: 'fake_bearer', connectionName: 'bearer-conn', authType: 'BEARER', identifier: 'user_123',
        credentials: { kind: 'static', fields: { domain: up.hostPort, token: bearerToken } },
      });

      await customProvider(env.db, env.envId, 'fake_apikey', {
        type: 'API_KEY',
        fields: [{ field_name: 'api_key', label: 'Key', input_type: 'password', required: true }],
        auth_header_key_override: 'X-API-Key',
      });
      await connectionWithAccount(env, {
        providerKey: 'fake_apikey', connectionName: 'apikey-conn', authType: 'API_KEY', identifier: 'user_123',
        credentials: { kind: 'static', fields: { domain: up.hostPort, api_key: apiKey } },
      });

      await customProvider(env.db, env.envId, 'fake_oauth', {
        type: 'OAUTH',
        oauth_config: { authorize_uri: 'https://auth.example.test/authorize', token_uri: 'https://auth.example.test/token', available_scopes: [] },
      });
      await connectionWithAccount(env, {
        providerKey: 'fake_oauth', connectionName: 'oauth-conn', authType: 'OAUTH', identifier: 'user_123', clientId: 'cid', clientSecret: secret('csecret'),
        credentials: { kind: 'oauth', access_token: oauthToken, refresh_token: secret('refresh'), token_type: 'Bearer' },
        accountFields: { domain: up.hostPort },
      });

      await customProvider(env.db, env.envId, 'fake_discord', {
        type: 'BEARER',
        fields: [{ field_name: 'token', label: 'Bot token', input_type: 'password', required: true }],
        auth_field_mutations: [{ field_name: 'token', prefix: 'Bot ' }],
      });
      await connectionWithAccount(env, {
        providerKey: 'fake_discord', connectionName: 'discord-conn', authType: 'BEARER', identifier: 'user_123',
        credentials: { kind: 'static', fields: { domain: up.hostPort, token: bearerToken } },
      });

      // The built-in Freshdesk definition, unchanged: BASIC, proxy_url https://{{domain}}/api, password default X.
      await connectionWithAccount(env, {
        providerKey: 'freshdesk', connectionName: 'freshdesk', authType: 'BASIC', identifier: 'agent@acme.test',
        credentials: { kind: 'static', fields: { domain: up.hostPort, username: freshdeskKey } },
      });
    });

    afterAll(async () => {
      await env?.server.close();
      await up?.close();
    });

    it("runs the seed's actions.request snippet as written (BEARER), account created through the SDK", async () => {
      const connectionName = 'seed-conn';
      const identifier = 'user_123';
      await customProvider(env.db, env.envId, 'seed_provider', { type: 'BEARER', fields: [{ field_name: 'token', label: 'Token', input_type: 'password', required: true }] });
      await createConnection(env.db, env.vault, env.envId, { providerKey: 'seed_provider', connectionName });
      const seedToken = secret('seed');
      await scalekit.actions.getOrCreateConnectedAccount({ connectionName, identifier, authorizationDetails: staticAuthDetails({ domain: up.hostPort, token: seedToken }) });
      up.respond((_r, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: [{ id: 'cus_1' }] }));
      });

      const actions = scalekit.actions;
      // Make a request via Scalekit proxy
      const result = await actions.request({
        connectionName,
        identifier,
        path: '/v1/customers',
        method: 'GET',
      });

      expect(result.status).toBe(200);
      expect(result.data).toEqual({ object: 'list', data: [{ id: 'cus_1' }] });
      const got = up.last();
      expect(got.method).toBe('GET');
      expect(got.url).toBe('/base/v1/customers');
      expect(got.headers.authorization).toBe(`Bearer ${seedToken}`);
      expect(got.headers.connection_name).toBeUndefined();
      expect(got.headers.identifier).toBeUndefined();
      expect(got.headers.host).toBe(up.hostPort);
      up.respond(undefined);
    });

    it('sends SDK JSON bodies and query params byte for byte', async () => {
      const result = await scalekit.actions.request({
        connectionName: 'bearer-conn',
        identifier: 'user_123',
        path: '/v1/customers',
        method: 'POST',
        queryParams: { limit: 3, expand: 'data.owner' },
        body: { name: 'Acme', tags: ['a', 'b'], nested: { n: 1 } },
      });
      expect(result.status).toBe(200);
      const got = up.last();
      expect(got.method).toBe('POST');
      expect(got.path).toBe('/base/v1/customers');
      expect(got.query.get('limit')).toBe('3');
      expect(got.query.get('expand')).toBe('data.owner');
      expect(got.headers['content-type']).toMatch(/^application\/json/);
      expect(got.body.toString()).toBe(JSON.stringify({ name: 'Acme', tags: ['a', 'b'], nested: { n: 1 } }));
    });

    it('BEARER: Authorization: Bearer <token>; raw query string kept exactly', async () => {
      const res = await proxy(env, { connectionName: 'bearer-conn', identifier: 'user_123', path: '/v1/items/it%2F1?tag=a&tag=b&q=x%20y&empty=' });
      expect(res.statusCode).toBe(200);
      await res.body.dump();
      const got = up.last();
      expect(got.url).toBe('/base/v1/items/it%2F1?tag=a&tag=b&q=x%20y&empty=');
      expect(got.headers.authorization).toBe(`Bearer ${bearerToken}`);
    });

    it('OAUTH: Authorization: Bearer <access token>', async () => {
      const res = await proxy(env, { connectionName: 'oauth-conn', identifier: 'user_123', path: '/me' });
      expect(res.statusCode).toBe(200);
      await res.body.dump();
      expect(up.last().url).toBe('/base/me');
      expect(up.last().headers.authorization).toBe(`Bearer ${oauthToken}`);
    });

    it('API_KEY with auth_header_key_override: the key, as-is, in X-API-Key; callers cannot override it', async () => {
      const res = await proxy(env, {
        connectionName: 'apikey-conn',
        identifier: 'user_123',
        path: '/v1/things',
        headers: { 'X-Api-Key': 'attacker-key', 'x-custom': 'kept', accept: 'application/json' },
      });
      expect(res.statusCode).toBe(200);
      await res.body.dump();
      const got = up.last();
      expect(got.headers['x-api-key']).toBe(apiKey);
      const keyHeaders = got.rawHeaders.filter((_v, i) => i % 2 === 0 && got.rawHeaders[i].toLowerCase() === 'x-api-key');
      expect(keyHeaders).toHaveLength(1);
      // The caller's Authorization is its Latchkey token: it never travels upstream.
      expect(got.headers.authorization).toBeUndefined();
      expect(got.headers['x-custom']).toBe('kept');
      expect(got.headers.accept).toBe('application/json');
    });

    it('a caller Authorization header cannot replace the injected BEARER/OAUTH credential', async () => {
      // Two Authorization headers: the first authenticates to Latchkey, the second tries to reach upstream.
      const res = await proxy(env, {
        connectionName: 'oauth-conn',
        identifier: 'user_123',
        path: '/me',
        headers: { authorization: [`Bearer ${env.token}`, 'Bearer attacker-token'] },
      });
      // Node keeps the first Authorization header; either way the upstream sees only the injected one.
      expect(res.statusCode).toBe(200);
      await res.body.dump();
      const got = up.last();
      const auth = got.rawHeaders.filter((_v, i) => i % 2 === 1 && got.rawHeaders[i - 1].toLowerCase() === 'authorization');
      expect(auth).toEqual([`Bearer ${oauthToken}`]);
    });

    it('auth_field_mutations: a prefix mutation replaces "Bearer " (Discord "Bot ")', async () => {
      const res = await proxy(env, { connectionName: 'discord-conn', identifier: 'user_123', path: '/users/@me' });
      expect(res.statusCode).toBe(200);
      await res.body.dump();
      expect(up.last().headers.authorization).toBe(`Bot ${bearerToken}`);
    });

    it('BASIC (built-in Freshdesk): https://{{domain}}/api with domain = host:port, password default X', async () => {
      const res = await proxy(env, { connectionName: 'freshdesk', identifier: 'agent@acme.test', path: '/v2/tickets?per_page=5' });
      expect(res.statusCode).toBe(200);
      await res.body.dump();
      const got = up.last();
      expect(got.url).toBe('/api/v2/tickets?per_page=5');
      expect(got.headers.authorization).toBe(basic(freshdeskKey, 'X'));
    });

    it('streams multipart, form and binary bodies unchanged; any method', async () => {
      const boundary = '----latchkey' + randomBytes(6).toString('hex');
      const multipart = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nhello\r\n`),
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`),
        randomBytes(70_000),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      let res = await proxy(env, { connectionName: 'bearer-conn', identifier: 'user_123', path: '/upload', method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: multipart });
      expect(res.statusCode).toBe(200);
      await res.body.dump();
      expect(up.last().headers['content-type']).toBe(`multipart/form-data; boundary=${boundary}`);
      expect(up.last().bodySha256).toBe(sha256(multipart));
      expect(up.last().bodyBytes).toBe(multipart.length);

      res = await proxy(env, { connectionName: 'bearer-conn', identifier: 'user_123', path: '/form', method: 'PATCH', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1&b=two+words&c=%26' });
      await res.body.dump();
      expect(up.last().method).toBe('PATCH');
      expect(up.last().body.toString()).toBe('a=1&b=two+words&c=%26');

      const binary = randomBytes(300_000);
      res = await proxy(env, { connectionName: 'bearer-conn', identifier: 'user_123', path: '/blob', method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: binary });
      await res.body.dump();
      expect(up.last().method).toBe('PUT');
      expect(up.last().bodySha256).toBe(sha256(binary));

      res = await proxy(env, { connectionName: 'bearer-conn', identifier: 'user_123', path: '/things/1', method: 'DELETE' });
      await res.body.dump();
      expect(up.last().method).toBe('DELETE');
      expect(up.last().bodyBytes).toBe(0);
    });

    it('returns the upstream status, headers and body as sent, minus hop-by-hop and credential-bearing headers', async () => {
      const payload = randomBytes(50_000);
      up.respond((r, res) => {
        res.writeHead(201, [
          ['Content-Type', 'image/png'],
          ['Content-Length', String(payload.length)],
          ['X-Request-Id', 'req_42'],
          ['Set-Cookie', 'a=1; Path=/'],
          ['Set-Cookie', 'b=2; Path=/'],
          ['Connection', 'keep-alive, X-Hop'],
          ['X-Hop', 'hop-value'],
          ['Keep-Alive', 'timeout=5'],
          ['X-Echo-Auth', String(r.headers.authorization)],
          ['Location', '/elsewhere'],
        ].flat());
        res.end(payload);
      });
      const res = await proxy(env, { connectionName: 'bearer-conn', identifier: 'user_123', path: '/image', method: 'POST', body: 'x' });
      const body = Buffer.from(await res.body.arrayBuffer());
      up.respond(undefined);
      expect(res.statusCode).toBe(201);
      expect(body.equals(payload)).toBe(true);
      expect(res.headers['content-type']).toBe('image/png');
      expect(res.headers['content-length']).toBe(String(payload.length));
      expect(res.headers['x-request-id']).toBe('req_42');
      expect(res.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/']);
      expect(res.headers.location).toBe('/elsewhere');
      expect(res.headers['x-hop']).toBeUndefined();
      expect(res.headers['keep-alive']).not.toBe('timeout=5');
      expect(res.headers['x-echo-auth']).toBeUndefined();
      expect(JSON.stringify(res.headers)).not.toContain(bearerToken);
    });

    it('serves HTTP/2 callers too (h2c prior knowledge): pseudo-headers never travel upstream', async () => {
      const session = http2.connect(env.server.url);
      try {
        const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
          const stream = session.request({
            ':method': 'POST',
            ':path': '/proxy/v1/h2?x=1',
            authorization: `Bearer ${env.token}`,
            connection_name: 'bearer-conn',
            identifier: 'user_123',
            'content-type': 'text/plain',
          });
          let status = 0;
          let body = '';
          stream.on('response', (h) => (status = Number(h[':status'])));
          stream.on('data', (d: Buffer) => (body += d.toString()));
          stream.on('end', () => resolve({ status, body }));
          stream.on('error', reject);
          stream.end('over h2');
        });
        expect(status).toBe(200);
        expect(JSON.parse(body).url).toBe('/base/v1/h2?x=1');
        const got = up.last();
        expect(got.method).toBe('POST');
        expect(got.body.toString()).toBe('over h2');
        expect(got.headers.authorization).toBe(`Bearer ${bearerToken}`);
        expect(got.rawHeaders.filter((_v, i) => i % 2 === 0 && got.rawHeaders[i].startsWith(':'))).toEqual([]);
      } finally {
        session.close();
      }
    });

    it('does not follow redirects: a 302 comes back as is', async () => {
      up.respond((_r, res) => {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
        res.end();
      });
      const res = await proxy(env, { connectionName: 'bearer-conn', identifier: 'user_123', path: '/redirect' });
      await res.body.dump();
      up.respond(undefined);
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe('http://169.254.169.254/latest/meta-data/');
      expect(up.last().url).toBe('/base/redirect');
    });
  });
}
