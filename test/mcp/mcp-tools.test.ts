import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/test-server.js';
import { connectionWithAccount, oauthCredentials } from '../helpers/agent-auth-fixtures.js';
import { eventually, secret } from '../helpers/test-utils.js';
import { builtinToolRegistry } from '../../src/modules/tools/registry/tool-registry.js';
import { startMcpEnv, type McpEnv } from './mcp-env.js';
import { mcpClient, REVISIONS, type Revision } from './mcp-clients.js';

const GMAIL = builtinToolRegistry().byProvider('gmail');

/**
 * tools/list and tools/call: the caller's scoped tools with their schemas and honest annotations,
 * pages and cursors, a configured server's allow-list and cap; calls through the ExecuteTool
 * pipeline with structuredContent, tool errors and input errors as isError results.
 */
for (const dialect of DIALECTS) {
  describe(`MCP tools/list and tools/call (${dialect.name})`, () => {
    let m: McpEnv;
    let connectionUrl: string;
    let token: string;
    const workToken = secret('ya29.work');

    beforeAll(async () => {
      m = await startMcpEnv(dialect.databaseUrl, { env: { MCP_TOOLS_PAGE_SIZE: '3' } });
      await connectionWithAccount(m.env, { providerKey: 'gmail', connectionName: 'gmail-work', authType: 'OAUTH', identifier: 'user_123', credentials: oauthCredentials({ access_token: workToken }), proxyUrl: m.gmail.url });
      await m.api('/api/v1/agent-auth/mcp-connections/gmail', { method: 'PUT', body: {} });
      const issued = await m.issueToken({ identifier: 'user_123', connection_name: 'gmail' });
      token = issued.token;
      connectionUrl = issued.mcp_server_url;
    });
    afterAll(async () => m?.close());

    for (const rev of REVISIONS) {
      it(`${rev}: every tool with inputSchema, outputSchema and the ToolSpec's annotations, in name order, a page of 3 at a time`, async () => {
        const c = await mcpClient(connectionUrl, token, rev);
        const pages: string[][] = [];
        let cursor: string | undefined;
        do {
          // Without a cursor the client would walk every page itself: ask for the first one by hand.
          const page = cursor ? await c.client.listTools({ cursor }) : await c.client.request({ method: 'tools/list', params: {} });
          pages.push(page.tools.map((t) => t.name));
          cursor = page.nextCursor;
        } while (cursor);
        expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
        expect(pages.flat()).toEqual(GMAIL.map((t) => t.name));
        // The client's own walk over the pages gives the same list.
        const all = (await c.client.listTools()).tools;
        expect(all.map((t) => t.name)).toEqual(pages.flat());
        for (const t of all) {
          const spec = GMAIL.find((g) => g.name === t.name)!.spec;
          expect(t.inputSchema).toEqual(JSON.parse(JSON.stringify(spec.definition.input_schema)));
          expect(t.outputSchema).toEqual(JSON.parse(JSON.stringify(spec.definition.output_schema)));
          expect(t.title).toBe(spec.definition.display_name);
          expect(t.description).toBe(spec.definition.description);
          expect(t.annotations).toEqual({
            title: spec.definition.display_name,
            readOnlyHint: spec.annotations.readOnly,
            destructiveHint: spec.annotations.destructive,
            idempotentHint: spec.annotations.idempotent,
            openWorldHint: true,
          });
        }
        expect(all.find((t) => t.name === 'gmail_fetch_mails')?.annotations?.readOnlyHint).toBe(true);
        expect(all.find((t) => t.name === 'gmail_send_email')?.annotations?.readOnlyHint).toBe(false);
        await expect(c.client.listTools({ cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: -32602 });
        await c.close();
      });

      it(`${rev}: tools/call runs the ExecuteTool pipeline: structuredContent and the same JSON as text, against the Gmail fake, recorded`, async () => {
        const c = await mcpClient(connectionUrl, token, rev);
        m.gmail.requests.length = 0;
        const result = await c.client.callTool({ name: 'gmail_fetch_mails', arguments: { query: 'is:unread', max_results: 5 } });
        expect(result.isError).toBeFalsy();
        const data = result.structuredContent as any;
        expect(data.messages.map((x: any) => x.subject)).toEqual(['Q3 planning notes', 'Café invoice']);
        expect(result.content).toEqual([{ type: 'text', text: JSON.stringify(data) }]);
        expect(m.gmail.requests[0].query).toEqual({ q: 'is:unread', maxResults: '5' });
        expect(m.gmail.requests.every((r) => r.headers.authorization === `Bearer ${m.accessToken}`)).toBe(true);
        const row = await eventually(() =>
          m.env.db.selectFrom('tool_executions').selectAll().where('tool_name', '=', 'gmail_fetch_mails').where('outcome', '=', 'success').where('identifier', '=', 'user_123').executeTakeFirst(),
        );
        expect(row).toMatchObject({ connection_name: 'gmail', error_code: null });
        await c.close();
      });

      it(`${rev}: a provider failure is an isError result with a short message and the execution id, never the provider's payload`, async () => {
        const c = await mcpClient(connectionUrl, token, rev);
        const result = await c.client.callTool({ name: 'gmail_get_message', arguments: { message_id: '0000000000000000' } });
        expect(result.isError).toBe(true);
        const text = (result.content as any[])[0].text as string;
        // The tool's own short message, its execution id and code; the provider's error envelope stays out.
        expect(text).toMatch(/^message 0000000000000000 not found.* \(execution exe_[0-9a-z]+, notFound\)$/);
        expect(text).not.toMatch(/"error"|"errors"|global/);
        expect(result.structuredContent).toBeUndefined();
        await c.close();
      });

      it(`${rev}: arguments that break the input schema are an isError result naming each argument; nothing reaches Gmail`, async () => {
        const c = await mcpClient(connectionUrl, token, rev);
        m.gmail.requests.length = 0;
        const result = await c.client.callTool({ name: 'gmail_fetch_mails', arguments: { max_results: 500, surprise: 'x' } });
        expect(result.isError).toBe(true);
        const text = (result.content as any[])[0].text as string;
        expect(text).toMatch(/^invalid arguments: /);
        expect(text).toContain('arguments.max_results must be <=');
        expect(text).toContain('surprise');
        expect(m.gmail.requests).toHaveLength(0);
        await expect(c.client.callTool({ name: 'gmail_no_such_tool', arguments: {} })).rejects.toMatchObject({ code: -32602 });
        await c.close();
      });
    }

    it('a post modifier trims structuredContent, and the advertised outputSchema is loosened so clients that validate still accept it', async () => {
      const put = await m.api('/api/v1/agent-auth/tool-modifiers/gmail_fetch_mails?connection_name=gmail', { method: 'PUT', body: { post: { keep: ['messages[].id'] } } });
      expect(put.status, put.text).toBe(200);
      try {
        for (const rev of REVISIONS) {
          const c = await mcpClient(connectionUrl, token, rev);
          const tool = (await c.client.listTools()).tools.find((t) => t.name === 'gmail_fetch_mails')!;
          expect(JSON.stringify(tool.outputSchema)).not.toContain('"required"');
          const result = await c.client.callTool({ name: 'gmail_fetch_mails', arguments: { query: 'is:unread' } });
          expect(result.structuredContent).toEqual({ messages: [{ id: '18f2a1c3d4e5f601' }, { id: '18f2a0b1c2d3e402' }] });
          await c.close();
        }
      } finally {
        await m.api('/api/v1/agent-auth/tool-modifiers/gmail_fetch_mails?connection_name=gmail', { method: 'DELETE' });
      }
    });

    const checkServer = async (rev: Revision, url: string, serverToken: string) => {
      const c = await mcpClient(url, serverToken, rev);
      const names = (await c.client.listTools()).tools.map((t) => t.name);
      // Two Gmail connections offer each tool: names carry the connection; the allow-list, then the cap of 4, in name order.
      expect(names).toEqual(['gmail-work__gmail_fetch_mails', 'gmail-work__gmail_list_labels', 'gmail-work__gmail_send_email', 'gmail__gmail_fetch_mails']);
      m.gmail.requests.length = 0;
      const labels = await c.client.callTool({ name: 'gmail-work__gmail_list_labels', arguments: {} });
      expect(labels.isError).toBeFalsy();
      expect(m.gmail.requests.every((r) => r.headers.authorization === `Bearer ${workToken}`)).toBe(true);
      // Past the cap, and outside the allow-list: not offered, so not callable.
      await expect(c.client.callTool({ name: 'gmail__gmail_send_email', arguments: { to: ['a@example.com'], subject: 's', body: 'b' } })).rejects.toMatchObject({ code: -32602 });
      await expect(c.client.callTool({ name: 'gmail-work__gmail_get_message', arguments: { message_id: '18f2a1c3d4e5f601' } })).rejects.toMatchObject({ code: -32602 });
      await c.close();
    };

    it('a configured MCP server bundles connections with a tool allow-list and a tools/list cap (both revisions)', async () => {
      const created = await m.api('/api/v1/agent-auth/mcp-servers', {
        method: 'POST',
        body: { name: 'mail', connection_names: ['gmail', 'gmail-work'], tool_names: ['gmail_fetch_mails', 'gmail_list_labels', 'gmail_send_email'], max_tools: 4 },
      });
      expect(created.status, created.text).toBe(200);
      expect(created.json.mcp_server_url).toBe(`${m.env.server.url}/mcp/v3/servers/${created.json.id}`);
      const issued = await m.issueToken({ identifier: 'user_123', server_id: created.json.id });
      for (const rev of REVISIONS) await checkServer(rev, created.json.mcp_server_url, issued.token);
      // The connection token does not open the server.
      await expect(mcpClient(created.json.mcp_server_url, token, 'modern')).rejects.toThrow();
    });
  });
}
