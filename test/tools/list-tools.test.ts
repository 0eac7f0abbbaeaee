import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/test-server.js';
import { restCall, startAgentAuthEnv, type AgentAuthEnv } from '../helpers/agent-auth-env.js';
import { connectionWithAccount } from '../helpers/agent-auth-fixtures.js';
import { defineTool, type ToolSpec } from '../../src/modules/tools/definition/tool-spec.js';
import { builtinToolRegistry, createToolRegistry } from '../../src/modules/tools/registry/tool-registry.js';
import { listTools } from '../../src/modules/tools/registry/list-tools.js';
import { builtinToolId } from '../../src/modules/tools/registry/tool-id.js';

/** A minimal test tool: the registry must not care what the catalog holds. */
const testTool = (name: string, provider: string, description = `Test tool ${name}.`): ToolSpec =>
  defineTool({
    definition: {
      name,
      display_name: name,
      description,
      provider,
      category: 'testing',
      input_schema: { type: 'object', properties: {} },
      output_schema: { type: 'object' },
    },
    annotations: { readOnly: true, destructive: false, idempotent: true },
    version: '1.0.0',
    request: () => ({ method: 'GET', path: '/' }),
  });

const TEST_TOOLS = [
  testTool('slack_post', 'slack', 'Post a message to a channel.'),
  testTool('gmail_send', 'gmail', 'Send an email.'),
  testTool('gmail_fetch', 'gmail', 'Fetch unread EMAIL messages 100%_literal.'),
  testTool('stripe_refund', 'stripe'),
];

for (const dialect of DIALECTS) {
  describe(`ListTools (${dialect.name})`, () => {
    let env: AgentAuthEnv;
    const rest = (path: string, init: { method?: string; body?: unknown } = {}) => restCall(`${env.server.url}${path}`, { token: env.token, ...init });

    beforeAll(async () => {
      env = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl });
      await connectionWithAccount(env, { providerKey: 'gmail', connectionName: 'gmail-main', authType: 'OAUTH', identifier: 'user_a' });
    });
    afterAll(async () => env?.server.close());

    describe('on an injected registry of test tools', () => {
      const registry = createToolRegistry(TEST_TOOLS);
      const names = async (input: Parameters<typeof listTools>[3]) => (await listTools(env.db, registry, env.envId, input)).items.map((t) => t.name);

      it('lists every tool by name, and filters by provider (any case), names and query', async () => {
        expect(await names({})).toEqual(['gmail_fetch', 'gmail_send', 'slack_post', 'stripe_refund']);
        expect(await names({ provider: 'GMAIL' })).toEqual(['gmail_fetch', 'gmail_send']);
        expect(await names({ provider: 'no_such_provider' })).toEqual([]);
        expect(await names({ toolNames: ['slack_post', 'nope'] })).toEqual(['slack_post']);
        expect(await names({ query: 'email' })).toEqual(['gmail_fetch', 'gmail_send']);
        // Literal substring: % and _ are not wildcards.
        expect(await names({ query: '100%_lit' })).toEqual(['gmail_fetch']);
        expect(await names({ query: '0%x' })).toEqual([]);
        expect(await names({ provider: 'gmail', query: 'send' })).toEqual(['gmail_send']);
      });

      it("narrows to the provider of the account an identifier or id names; an unknown one is not_found", async () => {
        expect(await names({ identifier: 'user_a' })).toEqual(['gmail_fetch', 'gmail_send']);
        expect(await names({ identifier: 'user_a', connector: 'gmail-main' })).toEqual(['gmail_fetch', 'gmail_send']);
        await expect(listTools(env.db, registry, env.envId, { identifier: 'nobody' })).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining("'nobody'") });
        await expect(listTools(env.db, registry, env.envId, { connector: 'no-conn' })).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining("'no-conn'") });
      });

      it('pages in name order with stable tokens both ways', async () => {
        const p1 = await listTools(env.db, registry, env.envId, { pageSize: 3 });
        expect(p1.items.map((t) => t.name)).toEqual(['gmail_fetch', 'gmail_send', 'slack_post']);
        expect(p1.totalSize).toBe(4);
        expect(p1.prevPageToken).toBe('');
        const p2 = await listTools(env.db, registry, env.envId, { pageSize: 3, pageToken: p1.nextPageToken });
        expect(p2.items.map((t) => t.name)).toEqual(['stripe_refund']);
        expect(p2.nextPageToken).toBe('');
        const back = await listTools(env.db, registry, env.envId, { pageSize: 3, pageToken: p2.prevPageToken });
        expect(back.items.map((t) => t.name)).toEqual(['gmail_fetch', 'gmail_send', 'slack_post']);
      });

      it('refuses two tools with one name', () => {
        expect(() => createToolRegistry([testTool('dup', 'gmail'), testTool('dup', 'slack')])).toThrow("two tools are named 'dup'");
      });
    });

    describe('through the official SDK, on the built-in catalog', () => {
      const catalog = builtinToolRegistry();

      it('answers Tool messages: tol_ id, upper-case provider, snake_case definition, metadata, tags, is_default', async () => {
        const res = await env.sdk.tools.listTools({ pageSize: 100 });
        expect(res.totalSize).toBe(catalog.all.length);
        expect(res.tools.length).toBe(Math.min(100, catalog.all.length));
        expect(res.tools.map((t) => t.definition?.name)).toEqual(catalog.all.slice(0, 100).map((t) => t.name));
        for (const t of res.tools) {
          const spec = catalog.byName(String(t.definition?.name))!.spec;
          expect(t.id).toBe(builtinToolId(spec.definition.name, spec.version));
          expect(t.id).toMatch(/^tol_[0-9a-f]{20}$/);
          expect(t.provider).toBe(spec.definition.provider.toUpperCase());
          expect(Object.keys(t.definition!).sort()).toEqual(['category', 'description', 'display_name', 'input_schema', 'name', 'output_schema', 'provider']);
          expect(t.definition).toEqual(JSON.parse(JSON.stringify(spec.definition)));
          expect(t.metadata).toEqual({
            version: spec.version,
            annotations: { read_only: spec.annotations.readOnly, destructive: spec.annotations.destructive, idempotent: spec.annotations.idempotent },
          });
          expect(t.tags).toEqual([spec.definition.category]);
          expect(t.isDefault).toBe(true);
          expect(t.updatedAt).toBeDefined();
        }
      });

      it('filters by provider, tool names, summary and an account; unknown provider is an empty list', async () => {
        const first = catalog.all[0];
        const byProvider = await env.sdk.tools.listTools({ filter: { provider: first.provider.toUpperCase() }, pageSize: 100 });
        expect(byProvider.tools.map((t) => t.definition?.name)).toEqual(catalog.byProvider(first.provider).map((t) => t.name));
        expect(await env.sdk.tools.listTools({ filter: { provider: 'NO_SUCH' } })).toMatchObject({ tools: [], totalSize: 0 });
        const summary = await env.sdk.tools.listTools({ filter: { summary: true, toolName: [first.name] } });
        expect(summary.toolNames).toEqual([first.name]);
        expect(summary.tools).toEqual([]);
        const gmail = await env.sdk.tools.listTools({ filter: { identifier: 'user_a' }, pageSize: 100 });
        expect(gmail.tools.map((t) => t.definition?.name)).toEqual(catalog.byProvider('gmail').map((t) => t.name));
        await expect(env.sdk.tools.listTools({ filter: { connectedAccountId: 'ca_missing' } })).rejects.toMatchObject({ grpcStatus: 5, message: expect.stringContaining("'ca_missing'") });
      });

      it('pages by 50 by default and refuses more than 100', async () => {
        const res = await env.sdk.tools.listTools();
        expect(res.tools.length).toBe(Math.min(50, catalog.all.length));
        expect(res.nextPageToken === '').toBe(catalog.all.length <= 50);
        await expect(env.sdk.tools.listTools({ pageSize: 101 })).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('page_size must be at most 100') });
        await expect(env.sdk.tools.listTools({ pageToken: 'garbage' })).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('page_token') });
        await expect(env.sdk.tools.listTools({ filter: { query: 'x'.repeat(257) } })).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('query must be at most 256') });
      });

      it('serves REST at the google.api.http paths with snake_case JSON', async () => {
        const first = catalog.all[0];
        const res = await rest(`/api/v1/tools?filter.provider=${first.provider}&page_size=2`);
        expect(res.status).toBe(200);
        expect(res.json.tools[0]).toMatchObject({ id: first.id, provider: first.provider.toUpperCase(), is_default: true, definition: { name: first.name } });
        expect(res.json.total_size).toBe(catalog.byProvider(first.provider).length);
        const summary = await rest(`/api/v1/tools?filter.summary=true&filter.tool_name=${first.name}`);
        expect(summary.json.tool_names).toEqual([first.name]);
      });

      it('serves the write RPCs (custom tools, test/tools/custom-tools-*.test.ts) as REST too, with errors naming the field', async () => {
        for (const [method, path, body, status, says] of [
          ['POST', '/api/v1/tools', { provider: 'x' }, 400, 'tool.definition is required'],
          ['PUT', '/api/v1/tools', { provider: 'x' }, 400, 'tool.definition is required'],
          ['DELETE', '/api/v1/tools/tol_x', undefined, 404, "custom tool 'tol_x' was not found in this environment"],
          ['POST', '/api/v1/tools:set_default', { name: 'x' }, 400, 'tool_version is required'],
        ] as const) {
          const res = await rest(path, { method, body });
          expect([res.status, res.json.message], `${method} ${path}`).toEqual([status, expect.stringContaining(says)]);
        }
      });
    });
  });
}
