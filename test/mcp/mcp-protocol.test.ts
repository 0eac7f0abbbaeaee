import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/test-server.js';
import { startMcpEnv, type McpEnv } from './mcp-env.js';
import { mcpClient, type WireExchange } from './mcp-clients.js';

/**
 * Both protocol revisions on one endpoint, with the official client: 2026-07-28 (stateless,
 * server/discover, the MCP-Protocol-Version / Mcp-Method / Mcp-Name headers, resultType, cache
 * hints) and 2025-11-25 (initialize, MCP-Session-Id, DELETE ends the session).
 */
for (const dialect of DIALECTS) {
  describe(`Latchkey as an MCP server: the protocol (${dialect.name})`, () => {
    let m: McpEnv;
    let token: string;
    let url: string;
    let connectionId: string;

    beforeAll(async () => {
      m = await startMcpEnv(dialect.databaseUrl);
      connectionId = (await m.env.db.selectFrom('connections').select('id').where('connection_name', '=', 'gmail').executeTakeFirstOrThrow()).id;
    });
    afterAll(async () => m?.close());

    it('Connection.mcp_server_url is empty until the connection is served over MCP, then its endpoint URL (ListAppConnections and GetEnvironmentConnection)', async () => {
      const appUrl = async () => (await m.api('/api/v1/connections/app')).json.connections.find((c: any) => c.key_id === 'gmail').mcp_server_url;
      expect(await appUrl()).toBe('');
      expect((await m.api(`/api/v1/connections/${connectionId}`)).json.connection.mcp_server_url).toBe('');
      const enabled = await m.api('/api/v1/agent-auth/mcp-connections/gmail', { method: 'PUT', body: {} });
      expect(enabled.status, enabled.text).toBe(200);
      url = `${m.env.server.url}/mcp/v3/connections/gmail`;
      expect(enabled.json).toMatchObject({ connection_name: 'gmail', mcp_server_url: url, user_verify_url: null });
      expect(await appUrl()).toBe(url);
      const one = await m.api(`/api/v1/connections/${connectionId}`);
      expect(one.json.connection.mcp_server_url).toBe(url);
      token = (await m.issueToken({ identifier: 'user_123', connection_name: 'gmail' })).token;
    });

    it('2026-07-28: server/discover, then stateless requests carrying the per-request headers and envelope; results carry resultType and cache hints', async () => {
      const wire: WireExchange[] = [];
      const c = await mcpClient(url, token, 'modern', { exchanges: wire });
      expect(c.client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
      expect(c.client.getServerVersion()).toMatchObject({ name: 'latchkey' });
      const discover = wire.find((x) => x.requestBody?.method === 'server/discover')!;
      expect(discover.status).toBe(200);
      expect(discover.messages[0].result).toMatchObject({ supportedVersions: expect.arrayContaining(['2026-07-28']), capabilities: { tools: {} }, ttlMs: 300000, cacheScope: 'public' });

      const listed = await c.client.listTools();
      expect(listed.tools.map((t) => t.name)).toContain('gmail_fetch_mails');
      const list = wire.find((x) => x.requestBody?.method === 'tools/list')!;
      expect(list.headers['mcp-protocol-version']).toBe('2026-07-28');
      expect(list.headers['mcp-method']).toBe('tools/list');
      // No session on this revision: the server never hands one out.
      expect(wire.every((x) => x.responseHeaders['mcp-session-id'] === undefined)).toBe(true);
      expect(list.messages[0].result).toMatchObject({ resultType: 'complete', ttlMs: 10000, cacheScope: 'private' });

      await c.client.callTool({ name: 'gmail_list_labels', arguments: {} });
      const call = wire.find((x) => x.requestBody?.method === 'tools/call')!;
      expect(call.headers['mcp-method']).toBe('tools/call');
      expect(call.headers['mcp-name']).toBe('gmail_list_labels');
      expect(call.messages.at(-1).result.resultType).toBe('complete');
      await c.close();
    });

    it('2026-07-28: a request whose Mcp-Method header disagrees with its body is refused by the SDK (no tool runs)', async () => {
      const wire: WireExchange[] = [];
      const c = await mcpClient(url, token, 'modern', { exchanges: wire });
      await c.client.listTools();
      const sent = wire.find((x) => x.requestBody?.method === 'tools/list')!;
      const res = await fetch(url, { method: 'POST', headers: { ...sent.headers, 'mcp-method': 'tools/call' }, body: JSON.stringify(sent.requestBody) });
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.error.code).toBe(-32020);
      await c.close();
    });

    it('2025-11-25: initialize opens a session (MCP-Session-Id); its requests reuse it; DELETE ends it and the id is then unknown (404)', async () => {
      const wire: WireExchange[] = [];
      const c = await mcpClient(url, token, 'legacy', { exchanges: wire });
      expect(c.client.getNegotiatedProtocolVersion()).toBe('2025-11-25');
      const init = wire.find((x) => x.requestBody?.method === 'initialize')!;
      const sessionId = init.responseHeaders['mcp-session-id'];
      expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
      expect(init.messages[0].result).toMatchObject({ protocolVersion: '2025-11-25', capabilities: { tools: {} }, serverInfo: { name: 'latchkey' } });
      const listed = await c.client.listTools();
      expect(listed.tools.length).toBe(7);
      const list = wire.find((x) => x.requestBody?.method === 'tools/list')!;
      expect(list.headers['mcp-session-id']).toBe(sessionId);
      // 2025 results carry no 2026-only vocabulary.
      expect(list.messages[0].result.resultType).toBeUndefined();
      expect(list.messages[0].result.ttlMs).toBeUndefined();

      await c.transport.terminateSession();
      const del = wire.find((x) => x.method === 'DELETE')!;
      expect(del.status).toBe(200);
      const again = await fetch(url, {
        method: 'POST',
        headers: { ...list.headers, 'mcp-session-id': sessionId },
        body: JSON.stringify({ ...list.requestBody, id: 99 }),
      });
      expect(again.status).toBe(404);
      await c.close();
    });

    it("a session belongs to the token that opened it: another user's token cannot use its id", async () => {
      const other = (await m.issueToken({ identifier: 'user_456', connection_name: 'gmail' })).token;
      const wire: WireExchange[] = [];
      const c = await mcpClient(url, token, 'legacy', { exchanges: wire });
      await c.client.listTools();
      const list = wire.find((x) => x.requestBody?.method === 'tools/list')!;
      const hijack = await fetch(url, { method: 'POST', headers: { ...list.headers, authorization: `Bearer ${other}` }, body: JSON.stringify({ ...list.requestBody, id: 7 }) });
      expect(hijack.status).toBe(404);
      // The owner's session still works.
      expect((await c.client.listTools()).tools.length).toBe(7);
      await c.close();
    });

    it('a POST that is not JSON is 415; a path that names no endpoint is 404; a connection not served over MCP is 404', async () => {
      const bad = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain', accept: 'application/json, text/event-stream' }, body: 'hello' });
      expect(bad.status).toBe(415);
      const nowhere = await fetch(`${m.env.server.url}/mcp/v3/widgets/x`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      expect(nowhere.status).toBe(404);
      const t = await m.issueToken({ identifier: 'user_123', connection_name: 'gmail' });
      expect((await m.api('/api/v1/agent-auth/mcp-connections/gmail', { method: 'DELETE' })).status).toBe(200);
      const off = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${t.token}`, 'content-type': 'application/json' }, body: '{}' });
      expect(off.status).toBe(404);
      expect((await m.api(`/api/v1/connections/${connectionId}`)).json.connection.mcp_server_url).toBe('');
      expect((await m.api('/api/v1/agent-auth/mcp-connections/gmail', { method: 'PUT', body: {} })).status).toBe(200);
    });
  });
}
