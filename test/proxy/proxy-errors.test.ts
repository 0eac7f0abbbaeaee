import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { DIALECTS } from '../helpers/test-server.js';
import { startAgentAuthEnv, type AgentAuthEnv } from '../helpers/agent-auth-env.js';
import { connectionWithAccount, customProvider, insertAccount } from '../helpers/agent-auth-fixtures.js';
import { eventually, secret } from '../helpers/test-utils.js';
import { startEchoUpstream, type EchoUpstream } from '../fakes/echo-upstream.js';
import { errorBody, proxy } from './fixtures.js';
import { setConnectionEnabled } from '../../src/modules/connections/connections.js';

const LIMIT = 1024 * 1024;

for (const dialect of DIALECTS) {
  describe(`tool proxy: errors, limits, timeouts and audit (${dialect.name})`, () => {
    let env: AgentAuthEnv;
    let up: EchoUpstream;
    let connectionId: string;
    let accountId: string;
    const token = secret('bearer');
    const secrets = [token];

    beforeAll(async () => {
      up = await startEchoUpstream();
      env = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl, allowHosts: ['127.0.0.1'], env: { PROXY_MAX_BODY_BYTES: String(LIMIT) } });
      await customProvider(env.db, env.envId, 'fake_bearer', { type: 'BEARER', fields: [{ field_name: 'token', label: 'Token', input_type: 'password', required: true }] });
      const made = await connectionWithAccount(env, {
        providerKey: 'fake_bearer', connectionName: 'bearer-conn', authType: 'BEARER', identifier: 'user_123',
        credentials: { kind: 'static', fields: { domain: up.hostPort, token } },
      });
      connectionId = made.connection.id;
      accountId = made.account.id;
    });

    afterAll(async () => {
      await env?.server.close();
      await up?.close();
    });

    it('unknown connection and unknown identifier: 404 naming what is missing', async () => {
      let res = await proxy(env, { connectionName: 'no-such-conn', identifier: 'user_123', path: '/x' });
      let body = await errorBody(res);
      expect(res.statusCode).toBe(404);
      expect(body.code).toBe('NOT_FOUND');
      expect(body.message).toBe("connection 'no-such-conn' was not found in this environment");

      res = await proxy(env, { connectionName: 'bearer-conn', identifier: 'nobody', path: '/x' });
      body = await errorBody(res);
      expect(res.statusCode).toBe(404);
      expect(body.details[0].error_code).toBe('CONNECTED_ACCOUNT_NOT_FOUND');
      expect(body.message).toBe(
        "connected account 'nobody' was not found for connection 'bearer-conn'; create it first (actions.getOrCreateConnectedAccount) and have the user authorize it",
      );
    });

    it('missing connection_name / identifier headers: 400 naming the header', async () => {
      const res = await request(`${env.server.url}/proxy/x`, { headers: { authorization: `Bearer ${env.token}`, identifier: 'user_123' } });
      const body = await errorBody(res);
      expect(res.statusCode).toBe(400);
      expect(body.message).toMatch(/^connection_name header is required/);
      const res2 = await request(`${env.server.url}/proxy/x`, { headers: { authorization: `Bearer ${env.token}`, connection_name: 'bearer-conn' } });
      expect(res2.statusCode).toBe(400);
      expect((await errorBody(res2)).message).toMatch(/^identifier header is required/);
    });

    it('an account that is not ACTIVE (PENDING_AUTH): a clear error naming the status and the fix; through the SDK too', async () => {
      await insertAccount(env.db, env.vault, { envId: env.envId, connectionId, authType: 'BEARER', identifier: 'pending-user', status: 'PENDING_AUTH' });
      const res = await proxy(env, { connectionName: 'bearer-conn', identifier: 'pending-user', path: '/v1/customers' });
      const body = await errorBody(res);
      expect(res.statusCode).toBe(400);
      expect(body.code).toBe('FAILED_PRECONDITION');
      expect(body.details[0].error_code).toBe('CONNECTED_ACCOUNT_PENDING_AUTH');
      expect(body.message).toBe("connected account 'pending-user' is PENDING_AUTH, not ACTIVE; create a new authorization link for it to reconnect");

      // As in the seed: the app looks the account up first (which also authenticates the SDK).
      const scalekit = env.sdk;
      const looked = await scalekit.actions.getOrCreateConnectedAccount({ connectionName: 'bearer-conn', identifier: 'pending-user' });
      expect(looked.connectedAccount?.identifier).toBe('pending-user');
      const err = await scalekit.actions.request({ connectionName: 'bearer-conn', identifier: 'pending-user', path: '/v1/customers' }).then(
        () => undefined,
        (e: unknown) => e as { name: string; errDetails: { code: string; message: string; details: Array<{ error_code: string }> } },
      );
      // The SDK promotes the HTTP 400 to its bad-request exception and keeps our body as errDetails.
      expect(err?.name).toBe('ScalekitBadRequestException');
      expect(err?.errDetails.code).toBe('FAILED_PRECONDITION');
      expect(err?.errDetails.message).toBe("connected account 'pending-user' is PENDING_AUTH, not ACTIVE; create a new authorization link for it to reconnect");
      expect(err?.errDetails.details[0].error_code).toBe('CONNECTED_ACCOUNT_PENDING_AUTH');
      expect(up.requests.filter((r) => r.url === '/base/v1/customers')).toHaveLength(0);
    });

    it('a disabled connection: 400 saying so', async () => {
      await customProvider(env.db, env.envId, 'fake_bearer_2', { type: 'BEARER', fields: [{ field_name: 'token', label: 'Token', required: true }] });
      await connectionWithAccount(env, {
        providerKey: 'fake_bearer_2', connectionName: 'disabled-conn', authType: 'BEARER', identifier: 'u',
        credentials: { kind: 'static', fields: { domain: up.hostPort, token } },
      });
      await setConnectionEnabled(env.db, env.envId, { name: 'disabled-conn' }, false);
      const res = await proxy(env, { connectionName: 'disabled-conn', identifier: 'u', path: '/x' });
      expect(res.statusCode).toBe(400);
      expect((await errorBody(res)).message).toBe("connection 'disabled-conn' is disabled; enable it before calling through it");
    });

    it('429 and 503 pass through with Retry-After and body; a failing POST is not retried', async () => {
      up.respond((_r, res) => {
        res.writeHead(429, { 'retry-after': '17', 'content-type': 'application/json', 'x-ratelimit-remaining': '0' });
        res.end('{"error":"rate_limited"}');
      });
      let res = await proxy(env, { connectionName: 'bearer-conn', identifier: 'user_123', path: '/busy' });
      expect(res.statusCode).toBe(429);
      expect(res.headers['retry-after']).toBe('17');
      expect(res.headers['x-ratelimit-remaining']).toBe('0');
      expect(res.headers['x-latchkey-proxy-error']).toBeUndefined();
      expect(await res.body.text()).toBe('{"error":"rate_limited"}');

      up.respond((_r, res2) => {
        res2.writeHead(503, { 'retry-after': 'Wed, 21 Oct 2037 07:28:00 GMT' });
        res2.end('down');
      });
      const before = up.requests.length;
      res = await proxy(env, { connectionName: 'bearer-conn', identifier: 'user_123', path: '/charges', method: 'POST', body: '{"amount":100}', headers: { 'content-type': 'application/json' } });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('Wed, 21 Oct 2037 07:28:00 GMT');
      expect(await res.body.text()).toBe('down');
      expect(up.requests.length - before).toBe(1);
      up.respond(undefined);
    });

    it('times out per the connection timeout_ms: 504 with a clear message, and the server stays responsive', async () => {
      const hung = await startEchoUpstream();
      try {
        hung.respond(() => undefined); // never answers
        await customProvider(env.db, env.envId, 'fake_slow', { type: 'BEARER', fields: [{ field_name: 'token', label: 'Token', required: true }] });
        await connectionWithAccount(env, {
          providerKey: 'fake_slow', connectionName: 'slow-conn', authType: 'BEARER', identifier: 'user_123', timeoutMs: 1000,
          credentials: { kind: 'static', fields: { domain: hung.hostPort, token } },
        });
        const started = Date.now();
        const pending = proxy(env, { connectionName: 'slow-conn', identifier: 'user_123', path: '/slow' });
        let settled = false;
        void pending.then(() => (settled = true), () => (settled = true));
        // While it hangs, other calls are served: both answer before the hung call's 1 s deadline ends it
        // (an order, not a wall-clock bound, so a loaded machine cannot make it flaky).
        await new Promise((r) => setTimeout(r, 100));
        const health = await request(`${env.server.url}/healthz`);
        await health.body.dump();
        const quick = await proxy(env, { connectionName: 'bearer-conn', identifier: 'user_123', path: '/quick' });
        await quick.body.dump();
        expect(health.statusCode).toBe(200);
        expect(quick.statusCode).toBe(200);
        expect(settled).toBe(false);

        const res = await pending;
        const body = await errorBody(res);
        const took = Date.now() - started;
        expect(res.statusCode).toBe(504);
        expect(body.code).toBe('DEADLINE_EXCEEDED');
        expect(body.details[0].error_code).toBe('UPSTREAM_TIMEOUT');
        expect(body.message).toBe("the upstream did not answer within 1000 ms (connection 'slow-conn' timeout_ms); retry later or raise the connection's timeout");
        expect(took).toBeGreaterThanOrEqual(900);
        expect(took).toBeLessThan(4000);
        expect(hung.requests).toHaveLength(1);
      } finally {
        await hung.close();
      }
    });

    it('a caller that goes away mid-call: the upstream request is aborted at once and the call audited as 499', async () => {
      const hung = await startEchoUpstream();
      try {
        let upstreamClosedAt = 0;
        hung.respond((_r, res) => {
          res.on('close', () => (upstreamClosedAt = Date.now()));
        });
        await customProvider(env.db, env.envId, 'fake_hung', { type: 'BEARER', fields: [{ field_name: 'token', label: 'Token', required: true }] });
        await connectionWithAccount(env, {
          providerKey: 'fake_hung', connectionName: 'hung-conn', authType: 'BEARER', identifier: 'user_123',
          credentials: { kind: 'static', fields: { domain: hung.hostPort, token } },
        });
        const controller = new AbortController();
        const call = proxy(env, { connectionName: 'hung-conn', identifier: 'user_123', path: '/forever', signal: controller.signal }).catch((e: Error) => e);
        await eventually(async () => (hung.requests.length === 1 ? true : undefined));
        const abortedAt = Date.now();
        controller.abort();
        expect(await call).toBeInstanceOf(Error);
        await eventually(async () => (upstreamClosedAt ? true : undefined));
        expect(upstreamClosedAt - abortedAt).toBeLessThan(1000);
        const row = await eventually(async () => env.db.selectFrom('proxy_audit').selectAll().where('connection_name', '=', 'hung-conn').executeTakeFirst());
        expect(row).toMatchObject({ status: 499, path: '/forever', error_code: null });
      } finally {
        await hung.close();
      }
    });

    it('a pooled connection the upstream dropped: idempotent calls are retried once, others answer 502', async () => {
      const flaky = await startEchoUpstream();
      try {
        // Every second request on a keep-alive connection finds it closed, as after an upstream's idle timeout.
        const seen = new WeakMap<object, number>();
        flaky.respond((r, res) => {
          const n = (seen.get(res.socket!) ?? 0) + 1;
          seen.set(res.socket!, n);
          if (n === 2) return void res.socket!.destroy();
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end(`${r.method} ok`);
        });
        await customProvider(env.db, env.envId, 'fake_flaky', { type: 'BEARER', fields: [{ field_name: 'token', label: 'Token', required: true }] });
        await connectionWithAccount(env, {
          providerKey: 'fake_flaky', connectionName: 'flaky-conn', authType: 'BEARER', identifier: 'user_123',
          credentials: { kind: 'static', fields: { domain: flaky.hostPort, token } },
        });
        const call = (method: 'GET' | 'POST' | 'DELETE') => proxy(env, { connectionName: 'flaky-conn', identifier: 'user_123', path: '/thing', method, body: method === 'POST' ? 'x' : undefined });

        let res = await call('GET');
        expect(await res.body.text()).toBe('GET ok');
        res = await call('GET'); // second on the pooled socket: dropped, retried on a new one
        expect(res.statusCode).toBe(200);
        expect(await res.body.text()).toBe('GET ok');
        expect(flaky.requests.map((r) => r.method)).toEqual(['GET', 'GET', 'GET']);

        res = await call('DELETE'); // idempotent too: same story on the next pooled socket
        expect(await res.body.text()).toBe('DELETE ok');
        res = await call('POST');
        const body = await errorBody(res);
        expect(res.statusCode).toBe(502);
        expect(body.details[0].error_code).toBe('UPSTREAM_UNREACHABLE');
        expect(flaky.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
      } finally {
        await flaky.close();
      }
    });

    it('an upstream that refuses connections: 502', async () => {
      const gone = await startEchoUpstream();
      const hostPort = gone.hostPort;
      await gone.close();
      await customProvider(env.db, env.envId, 'fake_gone', { type: 'BEARER', fields: [{ field_name: 'token', label: 'Token', required: true }] });
      await connectionWithAccount(env, {
        providerKey: 'fake_gone', connectionName: 'gone-conn', authType: 'BEARER', identifier: 'user_123',
        credentials: { kind: 'static', fields: { domain: hostPort, token } },
      });
      const res = await proxy(env, { connectionName: 'gone-conn', identifier: 'user_123', path: '/x' });
      const body = await errorBody(res);
      expect(res.statusCode).toBe(502);
      expect(body.details[0].error_code).toBe('UPSTREAM_UNREACHABLE');
      expect(body.message).toBe('the upstream could not be reached or closed the connection (ECONNREFUSED)');
    });

    it('refuses bodies over PROXY_MAX_BODY_BYTES: declared (before contacting the upstream) and chunked (while streaming)', async () => {
      const before = up.requests.length;
      const declared = await proxy(env, {
        connectionName: 'bearer-conn', identifier: 'user_123', path: '/big', method: 'PUT',
        headers: { 'content-type': 'application/octet-stream' }, body: Buffer.alloc(LIMIT + 1, 1),
      });
      const b1 = await errorBody(declared);
      expect(declared.statusCode).toBe(413);
      expect(b1.code).toBe('RESOURCE_EXHAUSTED');
      expect(b1.message).toBe(`request body exceeds the proxy's ${LIMIT}-byte limit (PROXY_MAX_BODY_BYTES)`);
      expect(up.requests.length).toBe(before);

      async function* chunks() {
        for (let i = 0; i < 40; i++) yield Buffer.alloc(64 * 1024, 2);
      }
      const chunked = await proxy(env, { connectionName: 'bearer-conn', identifier: 'user_123', path: '/big', method: 'POST', body: Readable.from(chunks()) });
      const b2 = await errorBody(chunked);
      expect(chunked.statusCode).toBe(413);
      expect(b2.details[0].error_code).toBe('PROXY_BODY_TOO_LARGE');
      // The upstream never got a complete request.
      expect(up.requests.length).toBe(before);

      // Under the limit, chunked bodies stream through.
      async function* small() {
        for (let i = 0; i < 4; i++) yield Buffer.alloc(64 * 1024, 3);
      }
      const ok = await proxy(env, { connectionName: 'bearer-conn', identifier: 'user_123', path: '/ok', method: 'POST', body: Readable.from(small()) });
      await ok.body.dump();
      expect(ok.statusCode).toBe(200);
      expect(up.last().bodyBytes).toBe(4 * 64 * 1024);
    });

    it('audits every call (path without query values, no bodies, no credentials) and records last_used_at', async () => {
      const res = await proxy(env, { connectionName: 'bearer-conn', identifier: 'user_123', path: '/v1/search?q=secret-search-term&limit=2', method: 'POST', body: 'body-secret' });
      await res.body.dump();
      const row = await eventually(async () =>
        env.db.selectFrom('proxy_audit').selectAll().where('path', '=', '/v1/search?q&limit').executeTakeFirst(),
      );
      expect(row).toMatchObject({
        environment_id: env.envId,
        connection_id: connectionId,
        connection_name: 'bearer-conn',
        account_id: accountId,
        identifier: 'user_123',
        method: 'POST',
        path: '/v1/search?q&limit',
        status: 200,
        error_code: null,
      });
      expect(row.latency_ms).toBeGreaterThanOrEqual(0);
      expect(row.latency_ms).toBeLessThan(5000);

      const refused = await eventually(async () =>
        env.db.selectFrom('proxy_audit').selectAll().where('connection_name', '=', 'no-such-conn').executeTakeFirst(),
      );
      expect(refused).toMatchObject({ status: 404, error_code: 'CONNECTION_NOT_FOUND', connection_id: null, account_id: null });
      const timeout = await eventually(async () => env.db.selectFrom('proxy_audit').selectAll().where('connection_name', '=', 'slow-conn').executeTakeFirst());
      expect(timeout).toMatchObject({ status: 504, error_code: 'UPSTREAM_TIMEOUT' });

      const all = await env.db.selectFrom('proxy_audit').selectAll().execute();
      const dump = JSON.stringify(all);
      for (const s of [...secrets, 'secret-search-term', 'body-secret']) expect(dump).not.toContain(s);

      const account = await env.db.selectFrom('connected_accounts').select('last_used_at').where('id', '=', accountId).executeTakeFirstOrThrow();
      expect(account.last_used_at).not.toBeNull();
      expect(Date.now() - new Date(account.last_used_at!).getTime()).toBeLessThan(60_000);
    });

    it('no log line carries a credential, a body or a query value', async () => {
      const all = env.server.logs.join('\n');
      expect(all).toContain('"path":"/proxy/v1/search"');
      for (const s of [...secrets, env.token, 'secret-search-term', 'body-secret']) expect(all).not.toContain(s);
    });
  });
}
