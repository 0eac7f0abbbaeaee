import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/test-server.js';
import { connectionWithAccount, oauthCredentials } from '../helpers/agent-auth-fixtures.js';
import { secret } from '../helpers/test-utils.js';
import { startMcpEnv, type McpEnv } from './mcp-env.js';
import { mcpClient, REVISIONS } from './mcp-clients.js';

const ALLOWED_ORIGIN = 'https://agents.example.com';

/** A raw tools/list POST as a 2026-07-28 client sends it, to see the HTTP answer itself. */
function listRequest(url: string, headers: Record<string, string>) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/list', ...headers },
    body: JSON.stringify({
      jsonrpc: '2.0', id: 1, method: 'tools/list',
      params: { _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', 'io.modelcontextprotocol/clientInfo': { name: 't', version: '1' }, 'io.modelcontextprotocol/clientCapabilities': {} } },
    }),
  });
}

/**
 * Who is calling: a per-user bearer token bound to one endpoint, refused with 401 and the RFC 9728
 * metadata pointer when missing, unknown, expired, revoked or for another endpoint; Origin checked.
 */
for (const dialect of DIALECTS) {
  describe(`MCP endpoints: who is calling (${dialect.name})`, () => {
    let m: McpEnv;
    let url: string;
    let metadataUrl: string;

    beforeAll(async () => {
      m = await startMcpEnv(dialect.databaseUrl, { env: { MCP_ALLOWED_ORIGINS: ALLOWED_ORIGIN } });
      // A second Gmail connection where only user_456 has an account.
      await connectionWithAccount(m.env, {
        providerKey: 'gmail', connectionName: 'gmail-other', authType: 'OAUTH', identifier: 'user_456',
        credentials: oauthCredentials({ access_token: secret('ya29.other') }), proxyUrl: m.gmail.url, clientId: 'other-client', clientSecret: secret('other-secret'),
      });
      await m.api('/api/v1/agent-auth/mcp-connections/gmail', { method: 'PUT', body: {} });
      await m.api('/api/v1/agent-auth/mcp-connections/gmail-other', { method: 'PUT', body: {} });
      url = `${m.env.server.url}/mcp/v3/connections/gmail`;
      metadataUrl = `${m.env.server.url}/.well-known/oauth-protected-resource/mcp/v3/connections/gmail`;
    });
    afterAll(async () => m?.close());

    async function expectChallenge(res: Response, description?: RegExp) {
      expect(res.status).toBe(401);
      const challenge = res.headers.get('www-authenticate') ?? '';
      expect(challenge).toMatch(/^Bearer /);
      expect(challenge).toContain(`resource_metadata="${metadataUrl}"`);
      const body = await res.json();
      if (description) expect(body.error_description).toMatch(description);
      return body;
    }

    it('serves the RFC 9728 protected-resource metadata the 401 points at', async () => {
      const res = await fetch(metadataUrl);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        resource: url,
        authorization_servers: [`${m.env.server.url}/mcp/oauth`],
        bearer_methods_supported: ['header'],
        resource_name: 'Latchkey MCP (gmail)',
      });
      expect((await fetch(`${m.env.server.url}/.well-known/oauth-protected-resource/mcp/v3/servers/mcps_x`)).status).toBe(200);
      expect((await fetch(metadataUrl, { method: 'POST' })).status).toBe(405);
    });

    it('no token, a malformed header, an unknown token: 401 with the metadata pointer, and the token never echoed', async () => {
      await expectChallenge(await listRequest(url, {}));
      await expectChallenge(await listRequest(url, { authorization: 'Basic dXNlcjpwYXNz' }), /Bearer/);
      const unknown = `lk_mcp_${'A'.repeat(43)}`;
      const res = await listRequest(url, { authorization: `Bearer ${unknown}` });
      const text = JSON.stringify(await expectChallenge(res, /not known/));
      expect(text).not.toContain(unknown);
      // An environment's API access token is not an MCP credential (and never goes in a URL).
      await expectChallenge(await listRequest(url, { authorization: `Bearer ${m.env.token}` }), /not one this server issued/);
    });

    it('an expired token and a revoked token are refused at once; the official client surfaces the 401', async () => {
      const expired = await m.issueToken({ identifier: 'user_123', connection_name: 'gmail', expires_in: 60 });
      await m.env.db.updateTable('mcp_tokens').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', expired.id).execute();
      await expectChallenge(await listRequest(url, { authorization: `Bearer ${expired.token}` }), /expired/);

      const revoked = await m.issueToken({ identifier: 'user_123', connection_name: 'gmail' });
      const c = await mcpClient(url, revoked.token, 'modern');
      expect((await c.client.listTools()).tools.length).toBe(7);
      expect((await m.api(`/api/v1/agent-auth/mcp-tokens/${revoked.id}`, { method: 'DELETE' })).status).toBe(200);
      await expectChallenge(await listRequest(url, { authorization: `Bearer ${revoked.token}` }), /revoked/);
      // (The client serves its cached list for ttlMs; past the cache, the server refuses.)
      await expect(c.client.listTools(undefined, { cacheMode: 'bypass' })).rejects.toThrow();
      await c.close();
      for (const rev of REVISIONS) await expect(mcpClient(url, revoked.token, rev)).rejects.toThrow();
    });

    it('a token opens only the endpoint it was issued for', async () => {
      const forOther = await m.issueToken({ identifier: 'user_456', connection_name: 'gmail-other' });
      await expectChallenge(await listRequest(url, { authorization: `Bearer ${forOther.token}` }), /another MCP endpoint/);
      const ok = await listRequest(`${m.env.server.url}/mcp/v3/connections/gmail-other`, { authorization: `Bearer ${forOther.token}` });
      expect(ok.status).toBe(200);
    });

    it("a token for another user sees only that user's accounts: user_456 has none on gmail, so its tools carry no account", async () => {
      const mine = await m.issueToken({ identifier: 'user_123', connection_name: 'gmail' });
      const theirs = await m.issueToken({ identifier: 'user_456', connection_name: 'gmail' });
      for (const rev of REVISIONS) {
        const a = await mcpClient(url, mine.token, rev);
        const b = await mcpClient(url, theirs.token, rev);
        const toolsA = (await a.client.listTools()).tools;
        const toolsB = (await b.client.listTools()).tools;
        expect(toolsA.map((t) => t.name)).toEqual(toolsB.map((t) => t.name));
        expect(toolsA.every((t) => !t.description?.includes('Not connected yet'))).toBe(true);
        expect(toolsB.every((t) => t.description?.includes('Not connected yet'))).toBe(true);
        m.gmail.requests.length = 0;
        // user_456 is offered a link for their own account (as text on 2026-07-28, as -32042 on 2025-11-25); user_123's mailbox is never read.
        const answer = await b.client.callTool({ name: 'gmail_fetch_mails', arguments: { query: 'is:unread' } }).then((r) => JSON.stringify(r.content), (e: Error) => e.message);
        expect(answer).toContain('/connect/l/');
        expect(answer).toContain("connection 'gmail'");
        expect(m.gmail.requests).toHaveLength(0);
        await a.close();
        await b.close();
      }
    });

    it('Origin: absent passes, a foreign one is 403 before any authentication, an allowed one (MCP_ALLOWED_ORIGINS) passes', async () => {
      const t = await m.issueToken({ identifier: 'user_123', connection_name: 'gmail' });
      const auth = { authorization: `Bearer ${t.token}` };
      expect((await listRequest(url, auth)).status).toBe(200);
      const foreign = await listRequest(url, { ...auth, origin: 'https://evil.example' });
      expect(foreign.status).toBe(403);
      expect((await foreign.json()).error).toBe('forbidden');
      expect((await listRequest(url, { origin: 'https://evil.example' })).status).toBe(403);
      expect((await listRequest(url, { ...auth, origin: 'null' })).status).toBe(403);
      expect((await listRequest(url, { ...auth, origin: `${ALLOWED_ORIGIN}:8443` })).status).toBe(403);
      expect((await listRequest(url, { ...auth, origin: ALLOWED_ORIGIN })).status).toBe(200);
      expect((await listRequest(url, { ...auth, origin: m.env.server.url })).status).toBe(200);
      for (const rev of REVISIONS) {
        await expect(mcpClient(url, t.token, rev, { origin: 'https://evil.example' })).rejects.toThrow();
        const c = await mcpClient(url, t.token, rev, { origin: ALLOWED_ORIGIN });
        expect((await c.client.listTools()).tools.length).toBe(7);
        await c.close();
      }
    });

    it('no secret in any log line: MCP tokens, the provider access token', async () => {
      const t = await m.issueToken({ identifier: 'user_123', connection_name: 'gmail' });
      const c = await mcpClient(url, t.token, 'legacy');
      await c.client.callTool({ name: 'gmail_list_labels', arguments: {} });
      await c.close();
      const logs = m.env.server.logs.join('\n');
      expect(logs).toContain('/mcp/v3/connections/gmail');
      expect(logs).not.toContain(t.token);
      expect(logs).not.toContain(m.accessToken);
    });
  });
}
