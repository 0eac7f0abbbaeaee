import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Code } from '@connectrpc/connect';
import { ScalekitServerException, ScalekitToolException } from '@scalekit-sdk/node';
import { DIALECTS } from '../helpers/test-server.js';
import { restCall, startAgentAuthEnv, type AgentAuthEnv } from '../helpers/agent-auth-env.js';
import { connectionWithAccount, insertAccount, staticAuthDetails } from '../helpers/agent-auth-fixtures.js';
import { eventually, rejectionOf, secret } from '../helpers/test-utils.js';
import { startMcpUpstream, type McpUpstream } from '../fakes/mcp-upstream.js';
import { apifyTools, extraTool } from './mcp-fixtures.js';
import { mcpClient } from '../mcp/mcp-clients.js';

const BEARER_PATTERN = {
  type: 'BEARER',
  display_name: 'API token',
  fields: [{ field_name: 'token', label: 'Apify API token', input_type: 'password', required: true }],
};

const namesOf = (tools: Array<{ tool?: { definition?: unknown } }>) => tools.map((t) => (t.tool?.definition as { name: string }).name);

for (const dialect of DIALECTS) {
  describe(`an MCP server as a connector, bearer token (${dialect.name})`, () => {
    let env: AgentAuthEnv;
    let up: McpUpstream;
    let accountId: string;
    let connectionId: string;
    const tokens = new Set<string>();
    const token = secret('mcp-bearer');
    /** The account's token now (a test re-authorizes it). */
    let current = token;
    const inputMarker = `https://docs.apify.com/marker-${Date.now()}`;
    const toolPosts = () => up.posts.filter((p) => p.method === 'tools/list').length;

    beforeAll(async () => {
      tokens.add(`Bearer ${token}`);
      up = await startMcpUpstream({ authorize: (h) => !!h && tokens.has(h) });
      up.tools = apifyTools();
      env = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl, allowHosts: ['127.0.0.1'] });
      const created = await restCall(`${env.server.url}/api/v1/custom-providers`, {
        token: env.token,
        method: 'POST',
        body: { key: 'apify_mcp', display_name: 'Apify MCP', kind: 'MCP', auth_patterns: [BEARER_PATTERN], proxy_url: up.url, proxy_enabled: true },
      });
      expect(created.status, created.text).toBe(201);
      expect(created.json.provider).toMatchObject({ identifier: 'apify_mcp', kind: 'MCP', proxy_url: up.url });
      const made = await connectionWithAccount(env, { providerKey: 'apify_mcp', connectionName: 'apifymcp', authType: 'BEARER', identifier: 'user_1', credentials: { kind: 'static', fields: { token } } });
      accountId = made.account.id;
      connectionId = made.connection.id;
      await insertAccount(env.db, env.vault, { envId: env.envId, connectionId, authType: 'BEARER', identifier: 'wrong_token', credentials: { kind: 'static', fields: { token: 'not-a-valid-token-123' } } });
    });

    afterAll(async () => {
      await env?.server.close();
      await up?.close();
    });

    it("lists the account's upstream tools (every page) as c-<connection>_<tool>, with the upstream's schemas and annotations", async () => {
      const { tools, totalSize } = await env.sdk.tools.listScopedTools('user_1', { filter: {}, pageSize: 100 });
      expect(namesOf(tools)).toEqual(['c-apifymcp_call-actor', 'c-apifymcp_fetch-apify-docs', 'c-apifymcp_search-actors']);
      expect(totalSize).toBe(3);
      for (const t of tools) expect(t).toMatchObject({ identifier: 'user_1', connectedAccountId: accountId });
      // Three tools, two per page: the import followed the cursor, with the account's credential each time.
      expect(up.posts.filter((p) => p.method === 'tools/list')).toEqual([
        { method: 'tools/list', authorization: `Bearer ${token}` },
        { method: 'tools/list', authorization: `Bearer ${token}` },
      ]);
      const docs = tools.find((t) => namesOf([t])[0] === 'c-apifymcp_fetch-apify-docs')!.tool!;
      expect(docs.provider).toBe('APIFY_MCP');
      expect(docs.definition).toMatchObject({
        display_name: 'Fetch Apify docs',
        description: 'Fetches a page of the Apify documentation as text.',
        input_schema: apifyTools()[0].inputSchema,
        output_schema: apifyTools()[0].outputSchema,
      });
      expect(docs.metadata).toMatchObject({ annotations: { read_only: true, destructive: false, idempotent: false } });
      const search = tools.find((t) => namesOf([t])[0] === 'c-apifymcp_search-actors')!.tool!;
      // A draft-07 $schema is dropped (ExecuteTool validates with 2020-12, the MCP default); the rest is the upstream's.
      expect((search.definition as { input_schema: unknown }).input_schema).toEqual({ type: 'object', properties: { query: { type: 'string' }, limit: { type: 'integer', maximum: 10 } }, required: ['query'] });
      expect(search.metadata).toMatchObject({ annotations: { read_only: true, destructive: false, idempotent: true } });
      const actor = tools.find((t) => namesOf([t])[0] === 'c-apifymcp_call-actor')!.tool!;
      expect(actor.metadata).toMatchObject({ annotations: { read_only: false, destructive: false, idempotent: false } });
    });

    it('serves the imported tools from its cache, in ListTools by identifier or connected_account_id, and by tool name', async () => {
      const before = toolPosts();
      const byIdentifier = await env.sdk.tools.listTools({ filter: { identifier: 'user_1' }, pageSize: 100 });
      expect(byIdentifier.tools.map((t) => t.definition?.name)).toEqual(['c-apifymcp_call-actor', 'c-apifymcp_fetch-apify-docs', 'c-apifymcp_search-actors']);
      const byAccount = await env.sdk.tools.listTools({ filter: { connectedAccountId: accountId }, pageSize: 100 });
      expect(byAccount.tools.map((t) => t.definition?.name)).toEqual(byIdentifier.tools.map((t) => t.definition?.name));
      const named = await env.sdk.tools.listScopedTools('user_1', { filter: { toolNames: ['c-apifymcp_fetch-apify-docs'] } });
      expect(namesOf(named.tools)).toEqual(['c-apifymcp_fetch-apify-docs']);
      // Without an account, nothing names the connection's upstream tools.
      const catalog = await env.sdk.tools.listTools({ filter: { provider: 'APIFY_MCP' }, pageSize: 100 });
      expect(catalog.tools).toEqual([]);
      expect(toolPosts()).toBe(before);
    });

    it('executes one through the normal ExecuteTool path: tools/call upstream with the arguments and the account credential', async () => {
      up.calls.length = 0;
      const result = await env.sdk.actions.executeTool({ toolName: 'c-apifymcp_fetch-apify-docs', identifier: 'user_1', toolInput: { url: inputMarker } });
      expect(result.data).toEqual({ url: inputMarker, text: `docs of ${inputMarker}` });
      expect(result.executionId).toMatch(/^exe_/);
      expect(up.calls).toEqual([{ name: 'fetch-apify-docs', arguments: { url: inputMarker }, authorization: `Bearer ${token}` }]);
      // A tool without outputSchema answers its content blocks; addressed by connector + identifier this time.
      const found = await env.sdk.tools.executeTool({ toolName: 'c-apifymcp_search-actors', connector: 'apifymcp', identifier: 'user_1', params: { query: 'crawler' } });
      expect(found.data).toEqual({ content: [{ type: 'text', text: 'found 2 actors for crawler' }] });
      // Records are written in batches, shortly after.
      const record = await eventually(() => env.db.selectFrom('tool_executions').selectAll().where('id', '=', result.executionId).executeTakeFirst());
      expect(record).toMatchObject({ tool_name: 'c-apifymcp_fetch-apify-docs', connection_id: connectionId, account_id: accountId, outcome: 'success' });
    });

    it("validates the input against the imported input_schema before anything reaches the upstream", async () => {
      up.calls.length = 0;
      const err = await rejectionOf(env.sdk.actions.executeTool({ toolName: 'c-apifymcp_fetch-apify-docs', identifier: 'user_1', toolInput: { href: 'x' } }), ScalekitServerException);
      expect(err.grpcStatus).toBe(Code.InvalidArgument);
      expect(err.message).toContain('params.url is required');
      expect(err.message).toContain('params.href is not a recognised field');
      expect(up.calls).toEqual([]);
    });

    it("an upstream isError result is a TOOL_ERROR with the upstream's short reason", async () => {
      const err = await rejectionOf(env.sdk.actions.executeTool({ toolName: 'c-apifymcp_call-actor', identifier: 'user_1', toolInput: { actor: 'apify/crawler' } }), ScalekitToolException as never);
      const e = err as unknown as ScalekitToolException & ScalekitServerException;
      expect(e.errorCode).toBe('TOOL_ERROR');
      expect(e.toolErrorCode).toBe('MCP_TOOL_ERROR');
      expect(e.toolErrorMessage).toBe("the MCP server's tool 'call-actor' reported an error: the actor run quota is exhausted for this account");
      expect(e.executionId).toMatch(/^exe_/);
    });

    it('an unknown tool on an MCP connection is not_found naming it, and an account the upstream refuses is an unauthenticated TOOL_ERROR', async () => {
      const missing = await rejectionOf(env.sdk.actions.executeTool({ toolName: 'c-apifymcp_no-such-tool', identifier: 'user_1', toolInput: {} }), ScalekitServerException);
      expect(missing.grpcStatus).toBe(Code.NotFound);
      expect(missing.message).toContain("'c-apifymcp_no-such-tool'");
      const refused = await rejectionOf(env.sdk.actions.executeTool({ toolName: 'c-apifymcp_fetch-apify-docs', identifier: 'wrong_token', toolInput: { url: 'u' } }), ScalekitServerException);
      expect(refused.grpcStatus).toBe(Code.Unauthenticated);
      expect((refused as unknown as ScalekitToolException).toolErrorMessage).toContain("refused the account's credentials (HTTP 401");
      // A listing does not fail for it: that account just brings no tools.
      expect((await env.sdk.tools.listScopedTools('wrong_token', { filter: {} })).tools).toEqual([]);
    });

    it("picks up a changed upstream list after notifications/tools/list_changed, and after the account changes", async () => {
      up.tools.push({
        name: 'install-extra',
        description: 'Installs the extra tool.',
        inputSchema: { type: 'object', properties: {} },
        run: async (_args, session) => {
          up.tools.push(extraTool('extra'));
          await session.toolsChanged();
          return { content: [{ type: 'text', text: 'installed' }] };
        },
      });
      const cached = namesOf((await env.sdk.tools.listScopedTools('user_1', { filter: {} })).tools);
      expect(cached).not.toContain('c-apifymcp_install-extra');
      // The account changes (the user re-authorizes with a new token): its cached list goes.
      const second = secret('mcp-bearer-2');
      tokens.add(`Bearer ${second}`);
      current = second;
      await env.sdk.actions.updateConnectedAccount({ connectedAccountId: accountId, authorizationDetails: staticAuthDetails({ token: second }) });
      const fresh = namesOf((await env.sdk.tools.listScopedTools('user_1', { filter: {} })).tools);
      expect(fresh).toContain('c-apifymcp_install-extra');
      expect(up.posts.at(-1)).toEqual({ method: 'tools/list', authorization: `Bearer ${second}` });

      // The upstream announces its own change in the call's response stream.
      await env.sdk.actions.executeTool({ toolName: 'c-apifymcp_install-extra', identifier: 'user_1', toolInput: {} });
      const after = namesOf((await env.sdk.tools.listScopedTools('user_1', { filter: {} })).tools);
      expect(after).toContain('c-apifymcp_extra');
      const ran = await env.sdk.actions.executeTool({ toolName: 'c-apifymcp_extra', identifier: 'user_1', toolInput: {} });
      expect(ran.data).toEqual({ content: [{ type: 'text', text: 'extra ran' }] });
    });

    it("are served by Latchkey's own MCP server for the connection, tools/call running the same ExecuteTool path", async () => {
      const enabled = await restCall(`${env.server.url}/api/v1/agent-auth/mcp-connections/apifymcp`, { token: env.token, method: 'PUT', body: {} });
      expect(enabled.status, enabled.text).toBe(200);
      const issued = await restCall(`${env.server.url}/api/v1/agent-auth/mcp-tokens`, { token: env.token, method: 'POST', body: { identifier: 'user_1', connection_name: 'apifymcp' } });
      expect(issued.status, issued.text).toBe(200);
      const c = await mcpClient(issued.json.mcp_server_url, issued.json.token, 'modern');
      try {
        const listed = await c.client.listTools();
        expect(listed.tools.map((t) => t.name)).toContain('c-apifymcp_fetch-apify-docs');
        const docs = listed.tools.find((t) => t.name === 'c-apifymcp_fetch-apify-docs')!;
        expect(docs.inputSchema).toEqual(apifyTools()[0].inputSchema);
        expect(docs.annotations).toMatchObject({ readOnlyHint: true });
        up.calls.length = 0;
        const called = await c.client.callTool({ name: 'c-apifymcp_fetch-apify-docs', arguments: { url: 'https://docs.apify.com/mcp' } });
        expect(called.structuredContent).toEqual({ url: 'https://docs.apify.com/mcp', text: 'docs of https://docs.apify.com/mcp' });
        expect(up.calls).toEqual([{ name: 'fetch-apify-docs', arguments: { url: 'https://docs.apify.com/mcp' }, authorization: `Bearer ${current}` }]);
        const failed = await c.client.callTool({ name: 'c-apifymcp_call-actor', arguments: { actor: 'a' } });
        expect(failed.isError).toBe(true);
      } finally {
        await c.close();
      }
    });

    it('never logs the credential or a tool input', () => {
      const logs = env.server.logs.join('\n');
      expect(logs).not.toContain(token);
      expect(logs).not.toContain(inputMarker);
    });
  });
}
