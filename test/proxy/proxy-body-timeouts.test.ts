import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/test-server.js';
import { startAgentAuthEnv, type AgentAuthEnv } from '../helpers/agent-auth-env.js';
import { connectionWithAccount, customProvider } from '../helpers/agent-auth-fixtures.js';
import { eventually, secret, sha256 } from '../helpers/test-utils.js';
import { proxy } from './fixtures.js';
import { sharedTestCert } from '../fakes/tls-cert.js';

/** The smallest timeout_ms a connection takes, and the smallest REQUEST_TIMEOUT_MS. */
const TIMEOUT_MS = 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One request as the upstream saw it, including uploads that never completed. */
interface Seen {
  path: string;
  headers: http.IncomingHttpHeaders;
  bytes: number;
  body: Buffer[];
  /** The whole body arrived. */
  ended: boolean;
  /** The connection went before the body ended (the proxy aborted the upload). */
  aborted: boolean;
}

/** An upstream (TLS, like the echo upstream) that records uploads as they arrive, so an aborted one is seen too (the echo upstream drops those). */
async function startRecordingUpstream() {
  const seen: Seen[] = [];
  const sockets = new Set<net.Socket>();
  const { cert, key } = sharedTestCert();
  const server = https.createServer({ cert, key }, (req, res) => {
    const s: Seen = { path: req.url ?? '', headers: req.headers, bytes: 0, body: [], ended: false, aborted: false };
    seen.push(s);
    req.on('data', (c: Buffer) => {
      s.bytes += c.length;
      s.body.push(c);
    });
    req.on('error', () => undefined);
    req.on('close', () => {
      if (!s.ended) s.aborted = true;
    });
    req.on('end', () => {
      s.ended = true;
      const payload = JSON.stringify({ bytes: s.bytes, sha256: sha256(Buffer.concat(s.body)) });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }).end(payload);
    });
  });
  server.on('connection', (c: net.Socket) => {
    sockets.add(c);
    c.on('close', () => sockets.delete(c));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    hostPort: `127.0.0.1:${port}`,
    seen,
    at: (path: string) => seen.filter((s) => s.path === path),
    async close() {
      for (const c of sockets) c.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** Milliseconds from the last body byte the client wrote to the end of the answer. */
  afterLastWrite: number;
}

/**
 * A raw HTTP/1.1 request whose body the test writes piece by piece (undici and fetch would send
 * it whole); resolves with the answer, which may come before the body is complete.
 */
function rawRequest(url: string, opts: { method: string; path: string; headers: Record<string, string> }) {
  const u = new URL(url);
  const req = http.request({ host: u.hostname, port: u.port, method: opts.method, path: opts.path, headers: opts.headers, agent: false });
  let lastWrite = Date.now();
  req.on('error', () => undefined);
  const answer = new Promise<RawAnswer>((resolve, reject) => {
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8'), afterLastWrite: Date.now() - lastWrite }),
      );
      res.on('error', reject);
    });
    req.on('close', () => reject(new Error('the connection closed without an answer')));
  });
  return {
    req,
    answer,
    write(chunk: Buffer | string) {
      lastWrite = Date.now();
      return new Promise<void>((resolve, reject) => req.write(chunk, (err) => (err ? reject(err) : resolve())));
    },
  };
}

for (const dialect of DIALECTS) {
  describe(`request body timeouts: stalled and slow uploads (${dialect.name})`, () => {
    let env: AgentAuthEnv;
    let up: Awaited<ReturnType<typeof startRecordingUpstream>>;

    const proxyHeaders = (connectionName: string, extra: Record<string, string> = {}) => ({
      authorization: `Bearer ${env.token}`,
      connection_name: connectionName,
      identifier: 'user_123',
      'content-type': 'application/octet-stream',
      ...extra,
    });

    beforeAll(async () => {
      up = await startRecordingUpstream();
      env = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl, allowHosts: ['127.0.0.1'], env: { REQUEST_TIMEOUT_MS: String(TIMEOUT_MS) } });
      await customProvider(env.db, env.envId, 'fake_bearer', { type: 'BEARER', fields: [{ field_name: 'token', label: 'Token', input_type: 'password', required: true }] });
      await connectionWithAccount(env, {
        providerKey: 'fake_bearer', connectionName: 'upload-conn', authType: 'BEARER', identifier: 'user_123', timeoutMs: TIMEOUT_MS,
        credentials: { kind: 'static', fields: { domain: up.hostPort, token: secret('bearer') } },
      });
      // OAUTH: a small body with a Content-Length is read whole first (to replay it after a refresh).
      await customProvider(env.db, env.envId, 'fake_oauth', {
        type: 'OAUTH',
        oauth_config: { authorize_uri: 'https://auth.example.test/authorize', token_uri: 'https://auth.example.test/token', available_scopes: [] },
      });
      await connectionWithAccount(env, {
        providerKey: 'fake_oauth', connectionName: 'oauth-conn', authType: 'OAUTH', identifier: 'user_123', timeoutMs: TIMEOUT_MS,
        clientId: 'cid', clientSecret: secret('csecret'),
        credentials: { kind: 'oauth', access_token: secret('access'), refresh_token: secret('refresh'), token_type: 'Bearer' },
        accountFields: { domain: up.hostPort },
      });
    });

    afterAll(async () => {
      await env?.server.close();
      await up?.close();
    });

    it('a /proxy upload that stalls longer than the connection timeout_ms: 408 PROXY_BODY_STALLED, upstream upload aborted, server keeps serving', async () => {
      // Chunked and with a Content-Length (streamed to the upstream), and OAUTH with a small Content-Length (buffered first).
      const chunked = rawRequest(env.server.url, { method: 'POST', path: '/proxy/stall/chunked', headers: proxyHeaders('upload-conn') });
      const sized = rawRequest(env.server.url, { method: 'PUT', path: '/proxy/stall/sized', headers: proxyHeaders('upload-conn', { 'content-length': '100' }) });
      const buffered = rawRequest(env.server.url, { method: 'POST', path: '/proxy/stall/oauth', headers: proxyHeaders('oauth-conn', { 'content-length': '100' }) });
      await Promise.all([chunked.write('hello'), sized.write('0123456789'), buffered.write('0123456789')]);
      const answers = await Promise.all([chunked.answer, sized.answer, buffered.answer]);
      for (const r of [chunked, sized, buffered]) r.req.destroy();

      for (const a of answers) {
        expect(a.status).toBe(408);
        expect(a.headers['x-latchkey-proxy-error']).toBe('PROXY_BODY_STALLED');
        expect(a.headers.connection).toBe('close');
        const body = JSON.parse(a.text);
        expect(body.code).toBe('DEADLINE_EXCEEDED');
        expect(body.message).toBe(`the request body stalled: no bytes arrived for ${TIMEOUT_MS} ms (the connection's timeout_ms)`);
        expect(body.details[0].error_code).toBe('PROXY_BODY_STALLED');
        // Not before the timeout_ms of silence; and not much later (a loaded two-core machine gets slack).
        expect(a.afterLastWrite).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
        expect(a.afterLastWrite).toBeLessThan(TIMEOUT_MS + 4000);
      }

      // The streamed uploads reached the upstream with the bytes sent so far, then were aborted, never completed.
      const [toChunked, toSized] = await eventually(async () => {
        const c = up.at('/base/stall/chunked');
        const s = up.at('/base/stall/sized');
        return c.length === 1 && s.length === 1 && c[0].aborted && s[0].aborted ? [c[0], s[0]] : undefined;
      });
      expect(toChunked).toMatchObject({ bytes: 5, ended: false, aborted: true });
      expect(Buffer.concat(toChunked.body).toString()).toBe('hello');
      expect(toChunked.headers['transfer-encoding']).toBe('chunked');
      expect(toSized).toMatchObject({ bytes: 10, ended: false, aborted: true });
      expect(toSized.headers['content-length']).toBe('100');
      // The buffered OAUTH body never left the proxy.
      expect(up.at('/base/stall/oauth')).toEqual([]);

      // Audited as the 408 the caller got.
      const audit = await eventually(async () => {
        const rows = await env.db.selectFrom('proxy_audit').selectAll().where('path', 'like', '/stall/%').orderBy('path').execute();
        return rows.length === 3 ? rows : undefined;
      });
      expect(audit.map((r) => [r.path, r.connection_name, r.status, r.error_code])).toEqual([
        ['/stall/chunked', 'upload-conn', 408, 'PROXY_BODY_STALLED'],
        ['/stall/oauth', 'oauth-conn', 408, 'PROXY_BODY_STALLED'],
        ['/stall/sized', 'upload-conn', 408, 'PROXY_BODY_STALLED'],
      ]);

      // The server still serves calls (through the same connections).
      for (const connectionName of ['upload-conn', 'oauth-conn']) {
        const payload = randomBytes(2048);
        const res = await proxy(env, { connectionName, identifier: 'user_123', path: '/after-stall', method: 'POST', body: payload });
        expect(res.statusCode).toBe(200);
        expect(await res.body.json()).toEqual({ bytes: 2048, sha256: sha256(payload) });
      }
    });

    it('a slow but steady /proxy upload outlasting timeout_ms and REQUEST_TIMEOUT_MS is not cut: every byte arrives', async () => {
      const chunks = Array.from({ length: 10 }, (_, i) => Buffer.concat([Buffer.from(`chunk-${i}:`), randomBytes(1000)]));
      const whole = Buffer.concat(chunks);
      for (const [path, extra] of [
        ['/steady/chunked', {}],
        ['/steady/sized', { 'content-length': String(whole.length) }],
      ] as const) {
        const started = Date.now();
        const r = rawRequest(env.server.url, { method: 'POST', path: `/proxy${path}`, headers: proxyHeaders('upload-conn', extra) });
        for (const c of chunks) {
          await r.write(c);
          await sleep(300);
        }
        r.req.end();
        const a = await r.answer;
        // Ten chunks 300 ms apart: well past both 1000 ms limits in total.
        expect(Date.now() - started).toBeGreaterThan(2.5 * TIMEOUT_MS);
        expect(a.status).toBe(200);
        expect(a.headers['x-latchkey-proxy-error']).toBeUndefined();
        expect(JSON.parse(a.text)).toEqual({ bytes: whole.length, sha256: sha256(whole) });
        const got = up.at(`/base${path}`);
        expect(got).toHaveLength(1);
        expect(got[0]).toMatchObject({ bytes: whole.length, ended: true, aborted: false });
        expect(createHash('sha256').update(Buffer.concat(got[0].body)).digest('hex')).toBe(sha256(whole));
      }
    });

    it('REQUEST_TIMEOUT_MS bounds the whole body of other routes: a stalled or trickling API body gets 408 deadline_exceeded', async () => {
      // 10 of a declared 100 bytes, then nothing.
      const stalled = rawRequest(env.server.url, {
        method: 'POST',
        path: '/api/v1/organizations',
        headers: { authorization: `Bearer ${env.token}`, 'content-type': 'application/json', 'content-length': '100' },
      });
      const sent = Date.now();
      await stalled.write('{"display_');
      const a = await stalled.answer;
      stalled.req.destroy();
      expect(a.status).toBe(408);
      expect(a.headers['content-type']).toBe('application/json');
      expect(a.headers.connection).toBe('close');
      expect(JSON.parse(a.text)).toEqual({
        code: 'DEADLINE_EXCEEDED',
        message: `the request body did not arrive within ${TIMEOUT_MS} ms (REQUEST_TIMEOUT_MS)`,
        details: [{ '@type': 'type.googleapis.com/scalekit.v1.errdetails.ErrorInfo', error_code: 'REQUEST_BODY_TIMEOUT' }],
      });
      expect(Date.now() - sent).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(Date.now() - sent).toBeLessThan(TIMEOUT_MS + 4000);

      // A body that keeps coming, a byte every 300 ms, is cut all the same: the limit is on the whole request, not idle time.
      const trickle = rawRequest(env.server.url, {
        method: 'POST',
        path: '/api/v1/organizations',
        headers: { authorization: `Bearer ${env.token}`, 'content-type': 'application/json' },
      });
      const started = Date.now();
      let answered: RawAnswer | undefined;
      void trickle.answer.then((x) => (answered = x), () => undefined);
      const text = '{"display_name": "slow"}';
      for (let i = 0; i < text.length && !answered; i++) {
        await trickle.write(text[i]).catch(() => undefined);
        await sleep(300);
      }
      const b = await trickle.answer;
      trickle.req.destroy();
      expect(b.status).toBe(408);
      expect(JSON.parse(b.text).details[0].error_code).toBe('REQUEST_BODY_TIMEOUT');
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 4000);

      // The same request sent at once is served, and the server goes on serving.
      const ok = await fetch(`${env.server.url}/api/v1/organizations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${env.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ display_name: 'fast' }),
      });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { organization: { display_name: string } }).organization.display_name).toBe('fast');
    });
  });
}
