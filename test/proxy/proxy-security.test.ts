import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/test-server.js';
import { startAgentAuthEnv, type AgentAuthEnv } from '../helpers/agent-auth-env.js';
import { connectionWithAccount, customProvider, insertAccount } from '../helpers/agent-auth-fixtures.js';
import { secret } from '../helpers/test-utils.js';
import { startEchoUpstream, type EchoUpstream } from '../fakes/echo-upstream.js';
import { errorBody, proxy } from './fixtures.js';

/** Sends raw bytes to the server and returns what it answered (first response only). */
async function rawHttp(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let out = '';
    socket.on('data', (d) => {
      out += d.toString('latin1');
    });
    socket.on('end', () => resolve(out));
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
  });
}

for (const dialect of DIALECTS) {
  describe(`tool proxy: SSRF guard, header and path checks (${dialect.name})`, () => {
    // The production environment has no proxy_allowed_hosts: every non-public address is refused.
    let prod: AgentAuthEnv;
    let up: EchoUpstream;
    let freshdeskId: string;
    const username = secret('fd-key');

    beforeAll(async () => {
      up = await startEchoUpstream();
      prod = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl, envName: 'production' });
      const { connection } = await connectionWithAccount(prod, {
        providerKey: 'freshdesk', connectionName: 'freshdesk', authType: 'BASIC', identifier: 'allowed-shape',
        credentials: { kind: 'static', fields: { domain: 'example.invalid', username } },
      });
      freshdeskId = connection.id;
    });

    afterAll(async () => {
      await prod?.server.close();
      await up?.close();
    });

    /** An account of the built-in Freshdesk connection whose {{domain}} is `domain`. */
    async function accountAt(domain: string): Promise<string> {
      const row = await insertAccount(prod.db, prod.vault, {
        envId: prod.envId, connectionId: freshdeskId, authType: 'BASIC',
        credentials: { kind: 'static', fields: { domain, username } },
      });
      return row.identifier;
    }

    const spellings: Array<[string, RegExp]> = [
      ['127.0.0.1', /127\.0\.0\.1: it is a loopback address/],
      ['127.1', /127\.0\.0\.1: it is a loopback address/],
      ['0x7f.1', /127\.0\.0\.1: it is a loopback address/],
      ['017700000001', /127\.0\.0\.1: it is a loopback address/],
      ['2130706433', /127\.0\.0\.1: it is a loopback address/],
      ['[::1]', /::1: it is a loopback address/],
      ['[::ffff:127.0.0.1]', /::ffff:7f00:1: it is a loopback address \(IPv4-mapped 127\.0\.0\.1\)/],
      ['169.254.169.254', /169\.254\.169\.254: it is the cloud metadata address/],
      ['10.0.0.7', /10\.0\.0\.7: it is a private-network address/],
      ['172.16.3.4', /172\.16\.3\.4: it is a private-network address/],
      ['192.168.1.1', /192\.168\.1\.1: it is a private-network address/],
      ['100.64.0.1', /100\.64\.0\.1: it is a shared \(carrier-grade NAT\) address/],
      ['0.0.0.0', /0\.0\.0\.0: it is an unspecified \("this network"\) address/],
      ['localhost', /127\.0\.0\.1 \(resolved from 'localhost'\): it is a loopback address/],
    ];

    for (const [spelling, message] of spellings) {
      it(`refuses ${spelling} (with the fake's port) before any byte is sent`, async () => {
        const identifier = await accountAt(`${spelling}:${up.port}`);
        const res = await proxy(prod, { connectionName: 'freshdesk', identifier, path: '/v2/tickets' });
        const body = await errorBody(res);
        expect(res.statusCode).toBe(403);
        expect(res.headers['x-latchkey-proxy-error']).toBe('PROXY_DESTINATION_REFUSED');
        expect(body.code).toBe('PERMISSION_DENIED');
        expect(body.details[0].error_code).toBe('PROXY_DESTINATION_REFUSED');
        expect(body.message).toMatch(message);
        expect(body.message).toContain("unless the environment's proxy_allowed_hosts names the host");
        expect(body.message).not.toContain(username);
        expect(up.requests).toHaveLength(0);
      });
    }

    it('the allow-list lets exactly the named loopback host through (the same fake, development env)', async () => {
      const dev = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl, allowHosts: ['127.0.0.1'] });
      try {
        await connectionWithAccount(dev, {
          providerKey: 'freshdesk', connectionName: 'freshdesk', authType: 'BASIC', identifier: 'u1',
          credentials: { kind: 'static', fields: { domain: `127.1:${up.port}`, username } },
        });
        await connectionWithAccount(dev, {
          providerKey: 'freshdesk', connectionName: 'freshdesk-2', authType: 'BASIC', identifier: 'u2',
          credentials: { kind: 'static', fields: { domain: `10.0.0.7:${up.port}`, username } },
        });
        const ok = await proxy(dev, { connectionName: 'freshdesk', identifier: 'u1', path: '/v2/tickets' });
        await ok.body.dump();
        expect(ok.statusCode).toBe(200);
        expect(up.requests).toHaveLength(1);
        expect(up.last().url).toBe('/api/v2/tickets');
        const refused = await proxy(dev, { connectionName: 'freshdesk-2', identifier: 'u2', path: '/v2/tickets' });
        expect(refused.statusCode).toBe(403);
        expect((await errorBody(refused)).message).toMatch(/10\.0\.0\.7: it is a private-network address/);
        expect(up.requests).toHaveLength(1);
      } finally {
        await dev.server.close();
        up.requests.length = 0;
      }
    });

    it('refuses a template value that could change the host or path', async () => {
      for (const domain of [`evil.test/x`, `a@${up.hostPort}`, `${up.hostPort}#`, `${up.hostPort}?q=1`, 'a b', 'a\\b']) {
        const identifier = await accountAt(domain);
        const res = await proxy(prod, { connectionName: 'freshdesk', identifier, path: '/v2/tickets' });
        const body = await errorBody(res);
        expect(res.statusCode).toBe(400);
        expect(body.details[0].error_code).toBe('TEMPLATE_VALUE_REFUSED');
        expect(body.message).toBe("template field 'domain' holds a value that is not allowed here");
      }
      expect(up.requests).toHaveLength(0);
    });

    const escapes = ['/../x', '/v2/../../x', '/%2e%2e/x', '/%2E%2e/x', '/.%2e/x', '/a/..%2F..%2Fx', '/%252e%252e/x', '/..;/x', '//evil.com/x', '/%2F%2Fevil.com/x', '/http://evil/x', '/https:%2F%2Fevil/x', '/a%5c..%5cx'];
    for (const path of escapes) {
      it(`refuses the path escape ${path} (sent byte for byte, as curl --path-as-is would)`, async () => {
        const identifier = await accountAt(up.hostPort);
        const answer = await rawHttp(
          prod.server.port,
          `GET /proxy${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${prod.token}\r\nconnection_name: freshdesk\r\nidentifier: ${identifier}\r\nConnection: close\r\n\r\n`,
        );
        const [head, text] = answer.split('\r\n\r\n');
        expect(head).toMatch(/^HTTP\/1\.1 400 /);
        const body = JSON.parse(text) as { code: string; message: string };
        expect(body.code).toBe('INVALID_ARGUMENT');
        expect(body.message).toMatch(/^path (must not|holds)/);
        expect(body.message).toContain("paths are relative to the provider's proxy_url");
        expect(up.requests).toHaveLength(0);
      });
    }

    it('refuses CR/LF in caller headers: the HTTP parser rejects them before the proxy, nothing reaches the upstream', async () => {
      const identifier = await accountAt(`${up.hostPort}`);
      const head = (extra: string) =>
        `GET /proxy/v2/tickets HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${prod.token}\r\nconnection_name: freshdesk\r\nidentifier: ${identifier}\r\n${extra}\r\n\r\n`;
      for (const extra of ['X-Evil: a\rInjected: yes', 'X-Evil: a\r\n Injected: yes', 'X-Evil: a\nInjected: yes', 'X-Evil: a\0b']) {
        const answer = await rawHttp(prod.server.port, head(extra));
        expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      }
      expect(up.requests).toHaveLength(0);
    });

    it('refuses TRACE (it would echo the injected credential back)', async () => {
      const identifier = await accountAt('api.example.com');
      const res = await proxy(prod, { connectionName: 'freshdesk', identifier, path: '/v2', method: 'TRACE' as never });
      const body = await errorBody(res);
      expect(res.statusCode).toBe(405);
      // A method error, as on every REST path (UNIMPLEMENTED + a method reason), not a bad argument.
      expect(body.code).toBe('UNIMPLEMENTED');
      expect(body.details[0].error_code).toBe('PROXY_METHOD_NOT_ALLOWED');
    });

    it('answers 401 without a valid Latchkey token, and never forwards it', async () => {
      const identifier = await accountAt(up.hostPort);
      const res = await proxy(prod, { connectionName: 'freshdesk', identifier, path: '/v2', token: 'not-a-jwt' });
      expect(res.statusCode).toBe(401);
      expect((await errorBody(res)).details[0].error_code).toBe('TOKEN_MALFORMED');
      expect(up.requests).toHaveLength(0);
    });

    it('a provider proxy_url literally on a private address is refused too', async () => {
      await customProvider(prod.db, prod.envId, 'metadata_probe', { type: 'BEARER', fields: [{ field_name: 'token', label: 'T', required: true }] }, 'https://169.254.169.254/latest');
      await connectionWithAccount(prod, {
        providerKey: 'metadata_probe', connectionName: 'probe', authType: 'BEARER', identifier: 'p',
        credentials: { kind: 'static', fields: { token: secret('t') } },
      });
      const res = await proxy(prod, { connectionName: 'probe', identifier: 'p', path: '/meta-data' });
      expect(res.statusCode).toBe(403);
      expect((await errorBody(res)).message).toMatch(/^the proxy does not connect to 169\.254\.169\.254: it is the cloud metadata address/);
    });
  });
}
