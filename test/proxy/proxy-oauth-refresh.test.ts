import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/test-server.js';
import { startAgentAuthEnv, type AgentAuthEnv } from '../helpers/agent-auth-env.js';
import { accountRow, insertAccount, oauthCredentials } from '../helpers/agent-auth-fixtures.js';
import { startRefreshUpstream, upstreamOAuthConnection } from '../helpers/oauth-upstream-fixtures.js';
import { eventually, sha256 } from '../helpers/test-utils.js';
import { echoJson, startEchoUpstream, type EchoUpstream } from '../fakes/echo-upstream.js';
import type { OidcUpstream } from '../fakes/oidc-upstream.js';
import { readAccountCredentials } from '../../src/modules/accounts/account-credentials.js';
import { errorBody, proxy } from './fixtures.js';

for (const dialect of DIALECTS) {
  describe(`tool proxy: OAuth 401 → refresh once → retry once (${dialect.name})`, () => {
    let oidc: OidcUpstream;
    let api: EchoUpstream;
    let env: AgentAuthEnv;
    let connectionId: string;
    /** Access tokens the fake API treats as revoked (it answers 401 to them). */
    const dead = new Set<string>();
    let alwaysUnauthorized = false;

    const stored = async (id: string) => {
      const row = await accountRow(env.db, id);
      return { row, creds: await readAccountCredentials(env.vault, row) };
    };
    /** An ACTIVE account whose stored access token the API already rejects, with a working refresh token. */
    async function staleAccount(identifier: string) {
      const issued = await oidc.issueTokensFor(identifier);
      dead.add(issued.access_token);
      const row = await insertAccount(env.db, env.vault, {
        envId: env.envId, connectionId, authType: 'OAUTH', identifier,
        credentials: oauthCredentials(issued),
        accountFields: { domain: api.hostPort },
      });
      return { row, issued };
    }
    const authOf = (i: number) => String(api.requests[i].headers.authorization);

    beforeAll(async () => {
      oidc = await startRefreshUpstream();
      api = await startEchoUpstream();
      api.respond((r, res) => {
        const token = String(r.headers.authorization ?? '').replace(/^Bearer /, '');
        if (alwaysUnauthorized || dead.has(token)) {
          res.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"', 'content-type': 'application/json' });
          res.end('{"error":"invalid_token"}');
        } else echoJson(r, res);
      });
      env = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl, allowHosts: ['127.0.0.1'], env: { UPSTREAM_CA_FILE: oidc.cert.certFile } });
      connectionId = await upstreamOAuthConnection(env.db, env.vault, env.envId, oidc, { key: 'fake_oidc_api', connectionName: 'oidc-api', proxyUrl: 'https://{{domain}}/base' });
    });

    afterAll(async () => {
      await env?.server.close();
      await api?.close();
      await oidc?.close();
    });

    it('GET: the 401 triggers one refresh and one retry with the new token; the caller sees only the 200', async () => {
      const { row, issued } = await staleAccount('refresh-get');
      api.requests.length = 0;
      const refreshesBefore = oidc.refreshes.length;
      const res = await proxy(env, { connectionName: 'oidc-api', identifier: 'refresh-get', path: '/v1/me' });
      const body = (await res.body.json()) as { url: string };
      expect(res.statusCode).toBe(200);
      expect(body.url).toBe('/base/v1/me');
      expect(api.requests).toHaveLength(2);
      expect(authOf(0)).toBe(`Bearer ${issued.access_token}`);
      const after = await stored(row.id);
      expect(after.creds?.kind).toBe('oauth');
      const fresh = after.creds?.kind === 'oauth' ? after.creds.access_token : '';
      expect(fresh).not.toBe(issued.access_token);
      expect(authOf(1)).toBe(`Bearer ${fresh}`);
      expect(after.row.credentials_version).toBe(2);
      expect(after.row.status).toBe('ACTIVE');
      expect(oidc.refreshes.slice(refreshesBefore).map((r) => r.ok)).toEqual([true]);

      // The next call uses the refreshed token straight away: no 401, no refresh.
      const again = await proxy(env, { connectionName: 'oidc-api', identifier: 'refresh-get', path: '/v1/me' });
      await again.body.dump();
      expect(again.statusCode).toBe(200);
      expect(api.requests).toHaveLength(3);
      expect(authOf(2)).toBe(`Bearer ${fresh}`);
      expect(oidc.refreshes.length - refreshesBefore).toBe(1);
    });

    it('POST with a small body: the buffered body is replayed byte for byte on the retry', async () => {
      await staleAccount('refresh-post');
      api.requests.length = 0;
      const payload = JSON.stringify({ text: 'héllo', n: [1, 2, 3], pad: 'x'.repeat(2000) });
      const res = await proxy(env, { connectionName: 'oidc-api', identifier: 'refresh-post', path: '/v1/messages', method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
      await res.body.dump();
      expect(res.statusCode).toBe(200);
      expect(api.requests).toHaveLength(2);
      expect(api.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
      expect(api.requests.map((r) => r.bodySha256)).toEqual([sha256(payload), sha256(payload)]);
      expect(api.requests[1].headers['content-type']).toBe('application/json');
    });

    it('a body too large to buffer streams once: the 401 is passed through and the token is refreshed in the background', async () => {
      const { row } = await staleAccount('refresh-stream');
      api.requests.length = 0;
      const refreshesBefore = oidc.refreshes.length;
      const big = randomBytes(200 * 1024);
      const res = await proxy(env, { connectionName: 'oidc-api', identifier: 'refresh-stream', path: '/v1/files', method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: big });
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
      expect(await res.body.text()).toBe('{"error":"invalid_token"}');
      expect(api.requests).toHaveLength(1);
      expect(api.requests[0].bodySha256).toBe(sha256(big));
      await eventually(async () => ((await stored(row.id)).row.credentials_version === 2 ? true : undefined));
      expect(oidc.refreshes.length - refreshesBefore).toBe(1);

      // The caller's own retry goes through with the refreshed token.
      const retry = await proxy(env, { connectionName: 'oidc-api', identifier: 'refresh-stream', path: '/v1/files', method: 'PUT', body: big });
      await retry.body.dump();
      expect(retry.statusCode).toBe(200);
      expect(api.requests[1].bodySha256).toBe(sha256(big));
    });

    it('still 401 after the refresh: passed through, the account is marked EXPIRED, later calls say so', async () => {
      const { row } = await staleAccount('refresh-still-401');
      api.requests.length = 0;
      alwaysUnauthorized = true;
      try {
        const res = await proxy(env, { connectionName: 'oidc-api', identifier: 'refresh-still-401', path: '/v1/me' });
        expect(res.statusCode).toBe(401);
        expect(await res.body.text()).toBe('{"error":"invalid_token"}');
        expect(api.requests).toHaveLength(2);
        expect(authOf(1)).not.toBe(authOf(0));
      } finally {
        alwaysUnauthorized = false;
      }
      const after = await stored(row.id);
      expect(after.row.status).toBe('EXPIRED');
      expect(after.row.credentials_ciphertext).toBeNull();

      const next = await proxy(env, { connectionName: 'oidc-api', identifier: 'refresh-still-401', path: '/v1/me' });
      const body = await errorBody(next);
      expect(next.statusCode).toBe(400);
      expect(body.message).toBe("connected account 'refresh-still-401' is EXPIRED, not ACTIVE; create a new authorization link for it to reconnect");
      expect(api.requests).toHaveLength(2);
    });

    it('the provider refuses the refresh token: the account becomes EXPIRED and the caller is told how to fix it', async () => {
      const { row, issued } = await staleAccount('refresh-revoked');
      await oidc.revoke(issued.refresh_token);
      api.requests.length = 0;
      const res = await proxy(env, { connectionName: 'oidc-api', identifier: 'refresh-revoked', path: '/v1/me' });
      const body = await errorBody(res);
      expect(res.statusCode).toBe(400);
      expect(body.details[0].error_code).toBe('CONNECTED_ACCOUNT_EXPIRED');
      expect(body.message).toBe(
        "connected account 'refresh-revoked' is now EXPIRED: the provider refused to refresh its token (invalid_grant); create a new authorization link for it to reconnect",
      );
      expect(api.requests).toHaveLength(1);
      expect((await stored(row.id)).row.status).toBe('EXPIRED');
    });

    it('no log line carries an access or refresh token', async () => {
      const logs = env.server.logs.join('\n');
      expect(logs).toContain('oauth token refreshed');
      for (const r of oidc.refreshes) expect(logs).not.toContain(r.refreshToken);
      for (const t of dead) expect(logs).not.toContain(t);
      const rows = await env.db.selectFrom('connected_accounts').selectAll().execute();
      for (const row of rows) {
        const c = await readAccountCredentials(env.vault, row);
        if (c?.kind === 'oauth') {
          expect(logs).not.toContain(c.access_token);
          if (c.refresh_token) expect(logs).not.toContain(c.refresh_token);
        }
      }
    });
  });
}
