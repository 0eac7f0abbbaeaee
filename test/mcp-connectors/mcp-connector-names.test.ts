import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/test-server.js';
import { restCall, startAgentAuthEnv, type AgentAuthEnv } from '../helpers/agent-auth-env.js';
import { connectionWithAccount } from '../helpers/agent-auth-fixtures.js';
import { secret } from '../helpers/test-utils.js';
import { createConnection } from '../../src/modules/connections/connections.js';
import { startMcpUpstream, type McpUpstream } from '../fakes/mcp-upstream.js';
import { apifyTools } from './mcp-fixtures.js';
import { mcpClient } from '../mcp/mcp-clients.js';

const BEARER_PATTERN = { type: 'BEARER', display_name: 'API token', fields: [{ field_name: 'token', label: 'Apify API token', input_type: 'password', required: true }] };
const DOCS = 'c-apifymcp_fetch-apify-docs';

/** Modifiers, ListAvailableTools and an MCP server's allow-list name an MCP connector's tools as c-<connection>_<tool>. */
for (const dialect of DIALECTS) {
  describe(`MCP-connector tool names beyond listing and executing (${dialect.name})`, () => {
    let env: AgentAuthEnv;
    let up: McpUpstream;
    const token = secret('mcp-bearer');
    const api = (path: string, init: { method?: string; body?: unknown } = {}) => restCall(`${env.server.url}${path}`, { token: env.token, ...init });

    beforeAll(async () => {
      up = await startMcpUpstream({ authorize: (h) => h === `Bearer ${token}` });
      up.tools = apifyTools();
      env = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl, allowHosts: ['127.0.0.1'] });
      const created = await api('/api/v1/custom-providers', {
        method: 'POST',
        body: { key: 'apify_mcp', display_name: 'Apify MCP', kind: 'MCP', auth_patterns: [BEARER_PATTERN], proxy_url: up.url, proxy_enabled: true },
      });
      expect(created.status, created.text).toBe(201);
      await connectionWithAccount(env, { providerKey: 'apify_mcp', connectionName: 'apifymcp', authType: 'BEARER', identifier: 'user_1', credentials: { kind: 'static', fields: { token } } });
      // A second connection of the same MCP provider, with no account: its tools are unknown until someone connects.
      await createConnection(env.db, env.vault, env.envId, { providerKey: 'apify_mcp', connectionName: 'apifyother', authType: 'BEARER' });
    });

    afterAll(async () => {
      await env?.server.close();
      await up?.close();
    });

    it('a modifier for an imported tool is checked against its imported schemas, naming the field', async () => {
      const badPath = await api(`/api/v1/agent-auth/tool-modifiers/${DOCS}`, { method: 'PUT', body: { post: { keep: ['nope'] }, pre: [{ op: 'set', path: 'url', value: 42 }] } });
      expect(badPath.status, badPath.text).toBe(400);
      expect(badPath.text).toContain('post.keep[0]');
      expect(badPath.text).toContain("'nope'");
      expect(badPath.text).toContain('pre[0].value');
      const unknown = await api('/api/v1/agent-auth/tool-modifiers/c-noconnection_fetch', { method: 'PUT', body: { post: { keep: ['url'] } } });
      expect(unknown.status, unknown.text).toBe(404);
      expect(unknown.text).toContain('c-noconnection_fetch');
      const otherConnection = await api(`/api/v1/agent-auth/tool-modifiers/${DOCS}?connection_name=apifyother`, { method: 'PUT', body: { post: { keep: ['url'] } } });
      expect(otherConnection.status, otherConnection.text).toBe(400);
      expect(otherConnection.text).toContain('connection_name');
      expect(otherConnection.text).toContain("('apifymcp')");
      // No account on apifyother yet: nothing shows that tool's schemas, so only the rule's own shape is checked.
      const unseen = await api('/api/v1/agent-auth/tool-modifiers/c-apifyother_fetch-apify-docs', { method: 'PUT', body: { post: { keep: ['anything'] } } });
      expect(unseen.status, unseen.text).toBe(200);
      expect((await api('/api/v1/agent-auth/tool-modifiers/c-apifyother_fetch-apify-docs', { method: 'DELETE' })).status).toBe(200);
    });

    it('a stored modifier applies when the tool runs, over ExecuteTool and over MCP', async () => {
      const put = await api(`/api/v1/agent-auth/tool-modifiers/${DOCS}?connection_name=apifymcp`, { method: 'PUT', body: { post: { keep: ['url'] } } });
      expect(put.status, put.text).toBe(200);
      expect(put.json).toMatchObject({ tool_name: DOCS, connection_name: 'apifymcp' });
      const got = await api(`/api/v1/agent-auth/tool-modifiers/${DOCS}?connection_name=apifymcp`);
      expect(got.status, got.text).toBe(200);
      try {
        const ran = await env.sdk.actions.executeTool({ toolName: DOCS, identifier: 'user_1', toolInput: { url: 'https://docs.apify.com/a' } });
        expect(ran.data).toEqual({ url: 'https://docs.apify.com/a' });
        expect((await api('/api/v1/agent-auth/mcp-connections/apifymcp', { method: 'PUT', body: {} })).status).toBe(200);
        const issued = await api('/api/v1/agent-auth/mcp-tokens', { method: 'POST', body: { identifier: 'user_1', connection_name: 'apifymcp' } });
        const c = await mcpClient(issued.json.mcp_server_url, issued.json.token, 'modern');
        try {
          const called = await c.client.callTool({ name: DOCS, arguments: { url: 'https://docs.apify.com/b' } });
          expect(called.structuredContent).toEqual({ url: 'https://docs.apify.com/b' });
        } finally {
          await c.close();
        }
      } finally {
        expect((await api(`/api/v1/agent-auth/tool-modifiers/${DOCS}?connection_name=apifymcp`, { method: 'DELETE' })).status).toBe(200);
      }
      const gone = await api(`/api/v1/agent-auth/tool-modifiers/${DOCS}?connection_name=apifymcp`);
      expect(gone.status).toBe(404);
      expect(gone.json.reason ?? gone.text).toContain('TOOL_MODIFIER_NOT_FOUND');
    });

    it("ListAvailableTools lists the imported tools of the identifier's ACTIVE accounts, and none without one", async () => {
      const names = (await env.sdk.tools.listAvailableTools('user_1', { pageSize: 100 })).tools.map((t) => t.definition?.name);
      expect(names).toEqual(expect.arrayContaining(['c-apifymcp_call-actor', DOCS, 'c-apifymcp_search-actors']));
      expect([...names]).toEqual([...names].sort());
      const stranger = (await env.sdk.tools.listAvailableTools('user_2', { pageSize: 100 })).tools.map((t) => t.definition?.name);
      expect(stranger.filter((n) => String(n).startsWith('c-'))).toEqual([]);
    });

    it("an MCP server's allow-list takes c- names of its own connections only, and serves just those", async () => {
      const refused = await api('/api/v1/agent-auth/mcp-servers', { method: 'POST', body: { name: 'other', connection_names: ['apifyother'], tool_names: [DOCS, 'c-nosuch_tool'] } });
      expect(refused.status, refused.text).toBe(400);
      expect(refused.text).toContain('tool_names[0]');
      expect(refused.text).toContain("connection 'apifymcp'");
      expect(refused.text).toContain('tool_names[1]');
      const made = await api('/api/v1/agent-auth/mcp-servers', { method: 'POST', body: { name: 'docs only', connection_names: ['apifymcp'], tool_names: [DOCS] } });
      expect(made.status, made.text).toBe(200);
      const issued = await api('/api/v1/agent-auth/mcp-tokens', { method: 'POST', body: { identifier: 'user_1', server_id: made.json.id } });
      expect(issued.status, issued.text).toBe(200);
      const c = await mcpClient(issued.json.mcp_server_url, issued.json.token, 'modern');
      try {
        expect((await c.client.listTools()).tools.map((t) => t.name)).toEqual([DOCS]);
      } finally {
        await c.close();
      }
    });
  });
}
