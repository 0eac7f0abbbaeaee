import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { makeTestCert, type TestCert } from '../fakes/tls-cert.js';
import { findEnvironmentByName } from '../../src/modules/environments/environments.js';
import { updateEnvironmentSettings } from '../../src/modules/environments/environment-settings.js';
import { createConnection } from '../../src/modules/connections/connections.js';
import { createCustomProvider } from '../../src/modules/providers/custom/custom-providers.js';
import { createAuthorizationLink } from '../../src/modules/authorization/links.js';
import { setVerificationMode } from '../../src/modules/authorization/verification-mode.js';

const CLIENT_SECRET = 'loopback-client-secret-never-shown-5d1e';

/**
 * The OAuth callback's token exchange goes through the same SSRF guard as the Tool Proxy: a custom
 * provider whose token_uri is on loopback is refused unless the environment's proxy_allowed_hosts
 * names it. Driven through the hosted pages (link → callback) without a browser: the callback is
 * requested with the state the link issued and a made-up code, which only the token endpoint judges.
 */
for (const dialect of DIALECTS) {
  describe(`OAuth calls and the SSRF guard (${dialect.name})`, () => {
    let server: TestServer;
    let cert: TestCert;
    let tokenServer: https.Server;
    let tokenUri: string;
    let envId: string;
    const hits: string[] = [];
    const db = () => server.core.storage.db;

    /** Opens a new link for `identifier` and returns to the callback with `code`, as the provider would. */
    async function callback(identifier: string, code: string) {
      const { link, accountId } = await createAuthorizationLink(db(), envId, server.url, {
        connector: 'loopback',
        identifier,
        userVerifyUrl: 'https://app.example.test/user/verify',
      });
      const opened = await fetch(`${server.url}/connect/l/${link.split('/connect/l/')[1]}`, { redirect: 'manual' });
      expect(opened.status).toBe(303);
      const state = new URL(opened.headers.get('location')!).searchParams.get('state')!;
      const res = await fetch(`${server.url}/connect/oauth/callback?code=${code}&state=${state}`, { redirect: 'manual' });
      const request = await db().selectFrom('authorization_requests').select('status').where('account_id', '=', accountId).executeTakeFirstOrThrow();
      const account = await db().selectFrom('connected_accounts').select(['status', 'credentials_ciphertext']).where('id', '=', accountId).executeTakeFirstOrThrow();
      return { status: res.status, html: await res.text(), request, account };
    }

    beforeAll(async () => {
      cert = makeTestCert();
      tokenServer = https.createServer({ cert: cert.cert, key: cert.key }, (req, res) => {
        hits.push(req.url!);
        req.resume();
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_grant"}');
      });
      await new Promise<void>((r) => tokenServer.listen(0, '127.0.0.1', () => r()));
      tokenUri = `https://127.0.0.1:${(tokenServer.address() as AddressInfo).port}/token`;
      server = await startTestServer({ databaseUrl: dialect.databaseUrl, env: { UPSTREAM_CA_FILE: cert.certFile } });
      envId = (await findEnvironmentByName(db(), 'development')).id;
      await setVerificationMode(db(), envId, 'custom');
      await createCustomProvider(db(), envId, {
        key: 'loopback_idp',
        display_name: 'Loopback IdP',
        auth_patterns: [
          {
            type: 'OAUTH',
            display_name: 'OAuth 2.0',
            oauth_config: { authorize_uri: 'https://idp.example.test/authorize', token_uri: tokenUri, available_scopes: [{ scope: 'read', required: true }] },
          },
        ],
        proxy_url: 'https://api.example.test',
        proxy_enabled: true,
      });
      await createConnection(db(), server.core.vault, envId, { providerKey: 'loopback_idp', connectionName: 'loopback', clientId: 'loopback-client', clientSecret: CLIENT_SECRET });
    });
    afterAll(async () => {
      await server?.close();
      tokenServer?.closeAllConnections();
      await new Promise<void>((r) => tokenServer?.close(() => r()));
    });

    it('without an allow-list, the token exchange to a loopback token_uri is refused: a page naming the address, the request FAILED, nothing sent', async () => {
      const r = await callback('guarded-user', 'auth-code-7c41f0');
      expect(r.status).toBe(502);
      expect(r.html).toContain('Latchkey may not contact Loopback IdP');
      expect(r.html).toContain('is at 127.0.0.1, which is a loopback address');
      expect(r.html).not.toContain(CLIENT_SECRET);
      expect(r.html).not.toContain('auth-code-7c41f0');
      expect(r.request.status).toBe('FAILED');
      expect(r.account).toEqual({ status: 'PENDING_AUTH', credentials_ciphertext: null });
      expect(hits).toEqual([]);

      const warn = server.logs.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'outbound request refused: destination is not public');
      expect(warn).toMatchObject({ level: 40, origin: new URL(tokenUri).origin, address: '127.0.0.1', kind: 'a loopback address' });
      expect(server.logs.some((l) => l.includes(CLIENT_SECRET) || l.includes('auth-code-7c41f0'))).toBe(false);
    });

    it("with the host in the environment's proxy_allowed_hosts, the same exchange reaches the token endpoint", async () => {
      await updateEnvironmentSettings(db(), envId, { proxy_allowed_hosts: ['127.0.0.1'] });
      const r = await callback('allowed-user', 'auth-code-2b9e33');
      expect(hits).toEqual(['/token']);
      // The fake answers invalid_grant: the provider's refusal, not the guard's.
      expect(r.status).toBe(502);
      expect(r.html).not.toContain('Latchkey may not contact');
      expect(r.html).toContain('invalid_grant');
      expect(r.request.status).toBe('FAILED');
      expect(r.account.status).toBe('PENDING_AUTH');
    });
  });
}
