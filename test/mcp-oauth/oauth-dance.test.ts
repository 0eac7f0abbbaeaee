import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth } from '@modelcontextprotocol/client';
import { DIALECTS } from '../helpers/test-server.js';
import { updateEnvironmentSettings } from '../../src/modules/environments/environment-settings.js';
import { hashEntryId } from '../../src/modules/mcp-oauth/provider/kysely-adapter.js';
import { MemoryOAuthClient } from './oauth-client.js';
import { mcpClient } from '../mcp/mcp-clients.js';
import { startCimdHost, type CimdHost } from './cimd-host.js';
import { connectWithOAuth, consentInBrowser, startMcpOAuthEnv, type McpOAuthEnv } from './mcp-oauth-env.js';

const listTools = (url: string, token: string) =>
  fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/list' },
    body: JSON.stringify({
      jsonrpc: '2.0', id: 1, method: 'tools/list',
      params: { _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 't', version: '1' }, 'io.modelcontextprotocol/clientCapabilities': {} } },
    }),
  });

const metadataPointer = (res: Response) => /resource_metadata="([^"]+)"/.exec(res.headers.get('www-authenticate') ?? '')?.[1];

/**
 * The whole MCP authorization flow in Chromium with the official client's OAuth support (SDK v2
 * auth provider): discovery from the 401, a DCR client and a CIMD client, PKCE S256, consent
 * through the environment's user-verification mode, `iss` and `state` on the callback, audience
 * binding, expiry, refresh rotation with reuse detection.
 */
for (const dialect of DIALECTS) {
  describe(`MCP OAuth: the full dance with the official client (${dialect.name})`, () => {
    let env: McpOAuthEnv;
    let cimd: CimdHost;
    /** Every code and token the tests saw: none may reach a log line. */
    const secrets: string[] = [];
    beforeAll(async () => {
      env = await startMcpOAuthEnv(dialect.databaseUrl);
      cimd = await startCimdHost((clientId) => ({
        client_id: clientId,
        client_name: 'CIMD test client',
        redirect_uris: [env.callback.redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
        application_type: 'native',
      }));
    }, 120_000);
    afterAll(async () => {
      await cimd?.close();
      await env?.close();
    });

    /** Runs the dance for `client` on `url` as an administrator naming `identifier`; the callback query. */
    async function dance(url: string, client: MemoryOAuthClient, identifier = 'user_123') {
      const first = await connectWithOAuth(url, client);
      expect(first.unauthorized).toBeDefined();
      const authorizationUrl = client.authorizationUrls.at(-1)!;
      const context = await env.adminContext();
      try {
        const q = await consentInBrowser(await context.newPage(), env, authorizationUrl, { identifier });
        secrets.push(q.get('code') ?? '', authorizationUrl.searchParams.get('code_challenge') ?? '', client.verifier);
        const transport = first.transport;
        const finishAuth = async (params: URLSearchParams) => {
          await transport.finishAuth(params);
          secrets.push(client.saved?.access_token ?? '', client.saved?.refresh_token ?? '');
        };
        return { authorizationUrl, q, transport: { finishAuth } };
      } finally {
        await context.close();
      }
    }

    it('DCR client: discovery from the 401, registration, PKCE S256, consent, iss and state, then tools as the signed-in identifier', async () => {
      const client = new MemoryOAuthClient(env.callback.redirectUri);
      const { authorizationUrl, q, transport } = await dance(env.serverUrl, client);
      // Registered dynamically (RFC 7591) at our issuer, and the request is PKCE S256 bound to the endpoint.
      expect(client.info?.client_id).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      expect(authorizationUrl.origin + authorizationUrl.pathname).toBe(`${env.issuer}/auth`);
      expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorizationUrl.searchParams.get('resource')).toBe(env.serverUrl);
      // RFC 9207 and RFC 6749 §4.1.2: iss and the client's state come back with the code.
      expect(q.get('iss')).toBe(env.issuer);
      expect(q.get('state')).toBe(client.lastState);
      expect(q.get('code')).toBeTruthy();
      await transport.finishAuth(q);
      expect(client.saved).toMatchObject({ token_type: 'Bearer', scope: 'mcp', expires_in: 600 });
      expect(client.saved?.refresh_token).toBeTruthy();

      const again = await connectWithOAuth(env.serverUrl, client);
      expect(again.unauthorized).toBeUndefined();
      const tools = await again.client.listTools();
      const fetchMails = tools.tools.find((t) => t.name === 'gmail_fetch_mails');
      // user_123 has an ACTIVE Gmail account: the tool is not the "Not connected yet" variant.
      expect(fetchMails?.description).not.toMatch(/Not connected yet/);
      await again.client.close();
    }, 90_000);

    it('CIMD client: the client_id is its metadata URL, fetched through the egress guard; no registration', async () => {
      const client = new MemoryOAuthClient(env.callback.redirectUri, { clientMetadataUrl: cimd.clientId });
      const before = await env.m.env.db.selectFrom('mcp_oauth_entries').select('id_hash').where('model', '=', 'Client').execute();
      const { authorizationUrl, q, transport } = await dance(env.serverUrl, client);
      expect(authorizationUrl.searchParams.get('client_id')).toBe(cimd.clientId);
      expect(cimd.fetches).toBeGreaterThanOrEqual(1);
      expect(q.get('iss')).toBe(env.issuer);
      await transport.finishAuth(q);
      const after = await env.m.env.db.selectFrom('mcp_oauth_entries').select('id_hash').where('model', '=', 'Client').execute();
      expect(after.length).toBe(before.length);
      const res = await listTools(env.serverUrl, client.saved!.access_token);
      expect(res.status).toBe(200);
    }, 90_000);

    it('a token for endpoint A is refused at endpoint B (RFC 8707), with B\'s metadata pointer', async () => {
      const client = new MemoryOAuthClient(env.callback.redirectUri);
      const { q, transport } = await dance(env.serverUrl, client);
      await transport.finishAuth(q);
      const token = client.saved!.access_token;
      expect((await listTools(env.serverUrl, token)).status).toBe(200);
      // A 2025-11-25 (session) client presents the same token the same way.
      const legacy = await mcpClient(env.serverUrl, token, 'legacy');
      expect((await legacy.client.listTools()).tools.length).toBeGreaterThan(0);
      await legacy.close();
      const elsewhere = await listTools(env.connectionUrl, token);
      expect(elsewhere.status).toBe(401);
      expect(metadataPointer(elsewhere)).toBe(`${env.m.env.server.url}/.well-known/oauth-protected-resource/mcp/v3/connections/gmail`);
      const body = await elsewhere.json();
      expect(body.error_description).toMatch(/another MCP endpoint/);
      expect(JSON.stringify(body)).not.toContain(token);

      // And a token obtained for the connection endpoint works there.
      const other = new MemoryOAuthClient(env.callback.redirectUri);
      const second = await dance(env.connectionUrl, other);
      await second.transport.finishAuth(second.q);
      expect((await listTools(env.connectionUrl, other.saved!.access_token)).status).toBe(200);
      expect((await listTools(env.serverUrl, other.saved!.access_token)).status).toBe(401);
    }, 120_000);

    it('an expired access token answers 401 with the pointer; the refresh token rotates, and reusing a rotated one revokes the grant', async () => {
      const client = new MemoryOAuthClient(env.callback.redirectUri);
      const { q, transport } = await dance(env.serverUrl, client);
      await transport.finishAuth(q);
      const first = client.saved!;
      // Expire it in storage (its `exp` claim, as time would): the verifier reads exp, nothing is timed.
      const db = env.m.env.db;
      const row = await db.selectFrom('mcp_oauth_entries').select('payload').where('model', '=', 'AccessToken').where('id_hash', '=', hashEntryId(first.access_token)).executeTakeFirstOrThrow();
      const payload = JSON.parse(row.payload);
      expect(payload).toMatchObject({ aud: env.serverUrl, accountId: `${env.m.env.envId}:user_123` });
      await db.updateTable('mcp_oauth_entries').set({ payload: JSON.stringify({ ...payload, exp: Math.floor(Date.now() / 1000) - 5 }) })
        .where('model', '=', 'AccessToken').where('id_hash', '=', hashEntryId(first.access_token)).execute();
      const expired = await listTools(env.serverUrl, first.access_token);
      expect(expired.status).toBe(401);
      expect(metadataPointer(expired)).toBe(`${env.m.env.server.url}/.well-known/oauth-protected-resource/mcp/v3/servers/${env.serverUrl.split('/').pop()}`);
      expect((await expired.json()).error_description).toMatch(/expired/);

      // The browser's sign-in session is gone (its cookie and row): the client's tokens do not depend on it.
      const sessions = await db.deleteFrom('mcp_oauth_entries').where('model', '=', 'Session').executeTakeFirst();
      expect(Number(sessions.numDeletedRows)).toBeGreaterThan(0);
      // The SDK refreshes: a new access token and a new refresh token (rotation).
      expect(await auth(client, { serverUrl: env.serverUrl })).toBe('AUTHORIZED');
      const second = client.saved!;
      secrets.push(second.access_token, second.refresh_token ?? '');
      expect(second.access_token).not.toBe(first.access_token);
      expect(second.refresh_token).toBeTruthy();
      expect(second.refresh_token).not.toBe(first.refresh_token);
      expect((await listTools(env.serverUrl, second.access_token)).status).toBe(200);

      // Replaying the rotated-out refresh token: invalid_grant, and the whole grant is revoked (its live access token too).
      const replay = await fetch(`${env.issuer}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: first.refresh_token!, client_id: client.info!.client_id, resource: env.serverUrl }),
      });
      expect(replay.status).toBe(400);
      expect((await replay.json()).error).toBe('invalid_grant');
      expect((await listTools(env.serverUrl, second.access_token)).status).toBe(401);
    }, 90_000);

    it('Deny: the client gets access_denied with iss and state, and no code', async () => {
      const client = new MemoryOAuthClient(env.callback.redirectUri);
      const first = await connectWithOAuth(env.serverUrl, client);
      const context = await env.adminContext();
      const q = await consentInBrowser(await context.newPage(), env, client.authorizationUrls[0], { identifier: 'user_123', decision: 'deny' });
      await context.close();
      expect(first.unauthorized).toBeDefined();
      expect(q.get('error')).toBe('access_denied');
      expect(q.get('iss')).toBe(env.issuer);
      expect(q.get('state')).toBe(client.lastState);
      expect(q.get('code')).toBeNull();
    }, 60_000);

    it("user verification 'custom': the app names the person with VerifyConnectedAccountUser, who then consents", async () => {
      // The app of the seed "Verify user identity": its verify route confirms the user signed in to it.
      const app = http.createServer(async (req, res) => {
        const u = new URL(req.url!, 'http://x');
        try {
          const { postUserVerifyRedirectUrl } = await env.m.env.sdk.actions.verifyConnectedAccountUser({ authRequestId: u.searchParams.get('auth_request_id')!, identifier: 'user_123' });
          res.writeHead(302, { location: postUserVerifyRedirectUrl }).end();
        } catch (err) {
          res.writeHead(403, { 'content-type': 'text/plain' }).end((err as Error).message);
        }
      });
      await new Promise<void>((r) => app.listen(0, '127.0.0.1', () => r()));
      try {
        const verifyUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/verify`;
        const created = await env.m.api('/api/v1/agent-auth/mcp-servers', { method: 'POST', body: { name: 'Mail (custom)', connection_names: ['gmail'], user_verify_url: verifyUrl } });
        expect(created.status).toBe(200);
        await updateEnvironmentSettings(env.m.env.db, env.m.env.envId, { user_verification: 'custom' });
        const url = created.json.mcp_server_url as string;
        const client = new MemoryOAuthClient(env.callback.redirectUri);
        const first = await connectWithOAuth(url, client);
        // No administrator session: this browser is an ordinary user of the app.
        const context = await env.browser.newContext();
        const page = await context.newPage();
        await page.goto(client.authorizationUrls[0].toString());
        expect(await page.locator('main').innerText()).toContain('You are signed in as user_123');
        const callback = env.callback.next();
        await page.click('button[value="allow"]');
        const q = await callback;
        await context.close();
        expect(q.get('iss')).toBe(env.issuer);
        await first.transport.finishAuth(q);
        secrets.push(client.saved!.access_token, client.saved!.refresh_token ?? '', q.get('code') ?? '');
        expect((await listTools(url, client.saved!.access_token)).status).toBe(200);
        const row = await env.m.env.db.selectFrom('mcp_oauth_entries').select('payload').where('model', '=', 'AccessToken').where('id_hash', '=', hashEntryId(client.saved!.access_token)).executeTakeFirstOrThrow();
        expect(JSON.parse(row.payload).accountId).toBe(`${env.m.env.envId}:user_123`);
      } finally {
        await updateEnvironmentSettings(env.m.env.db, env.m.env.envId, { user_verification: 'dashboard_users' });
        await new Promise<void>((r) => { app.closeAllConnections(); app.close(() => r()); });
      }
    }, 90_000);

    it('no code, verifier or token ever reaches a log line', () => {
      const logs = env.m.env.server.logs.join('\n');
      expect(logs).toContain('/mcp/oauth/token');
      for (const s of secrets.filter((x) => x.length > 10)) expect(logs).not.toContain(s);
    });
  });
}
