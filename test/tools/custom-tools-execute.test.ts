import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScalekitServerException } from '@scalekit-sdk/node';
import { DIALECTS } from '../helpers/test-server.js';
import { restCall, startAgentAuthEnv, type AgentAuthEnv } from '../helpers/agent-auth-env.js';
import { connectionWithAccount, customProvider, insertAccount } from '../helpers/agent-auth-fixtures.js';
import { eventually, rejectionOf, secret } from '../helpers/test-utils.js';
import { startEchoUpstream, type EchoUpstream, type UpstreamHandler } from '../fakes/echo-upstream.js';
import { createOrganization } from '../../src/modules/organizations/organizations.js';
import { builtinToolRegistry } from '../../src/modules/tools/registry/tool-registry.js';

const SEED_PATH = '/v1/connect/tools/custom';
const json = (body: unknown): UpstreamHandler => (r, res) => {
  const payload = JSON.stringify(typeof body === 'function' ? (body as (p: string) => unknown)(r.path) : body);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
};

/** A declarative tool over the fake's API: one GET, its answer cut to two fields. */
const getItem = (over: Record<string, unknown> = {}) => ({
  name: 'fake_get_item',
  display_name: 'Get item',
  description: 'Reads one item by id.',
  provider: 'fake_api',
  input_schema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'], additionalProperties: false },
  output_schema: { type: 'object', properties: { id: { type: 'string' }, title: { type: 'string' } } },
  implementation: { method: 'GET', path: '/v1/items/{{id}}', output: { select: { id: 'id', title: 'title' } } },
  ...over,
});

/** A code tool that calls the declarative one through context.tools.execute. */
const itemTitle = (over: Record<string, unknown> = {}) => ({
  name: 'item_title',
  display_name: 'Item title',
  description: "Reads an item's title, upper-cased.",
  provider: 'custom',
  input_schema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  output_schema: { type: 'object', properties: { title: { type: 'string' } } },
  implementation: `async (parameters, context) => {
    const item = await context.tools.execute({ tool: 'fake_get_item', parameters: { id: parameters.id } });
    return { title: item.title.toUpperCase(), version: 1 };
  }`,
  ...over,
});

for (const dialect of DIALECTS) {
  describe(`custom tools: listed, scoped and executed like built-in ones (${dialect.name})`, () => {
    let up: EchoUpstream;
    let env: AgentAuthEnv;
    let orgA: string;
    let orgB: string;
    let ids: Record<string, string>;
    const token = secret('fake-bearer');
    const rest = (p: string, init: { method?: string; body?: unknown } = {}) => restCall(env.server.url + p, { ...init, token: env.token });
    const register = async (body: unknown) => {
      const res = await rest(SEED_PATH, { method: 'POST', body });
      expect(res.status, res.text).toBe(201);
      return res.json as { id: string };
    };
    const execute = (toolName: string, identifier: string, params: Record<string, unknown>) => env.sdk.tools.executeTool({ toolName, identifier, params });
    const failure = (p: Promise<unknown>) => rejectionOf(p, ScalekitServerException as never) as unknown as Promise<ScalekitServerException>;
    const records = (executionId: string) =>
      eventually(async () => (await env.db.selectFrom('tool_executions').selectAll().where('id', '=', executionId).executeTakeFirst()) ?? undefined);
    const creds = () => ({ kind: 'static' as const, fields: { domain: up.hostPort, token } });

    beforeAll(async () => {
      up = await startEchoUpstream();
      env = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl, allowHosts: ['127.0.0.1'] });
      await customProvider(env.db, env.envId, 'fake_api', { type: 'BEARER', fields: [{ field_name: 'token', label: 'Token', input_type: 'password', required: true }] });
      orgA = (await createOrganization(env.db, env.envId, { displayName: 'Org A' })).id;
      orgB = (await createOrganization(env.db, env.envId, { displayName: 'Org B' })).id;
      const a = await connectionWithAccount(env, { providerKey: 'fake_api', connectionName: 'fake-a', authType: 'BEARER', identifier: 'user_a', credentials: creds() });
      await env.db.updateTable('connected_accounts').set({ organization_id: orgA }).where('id', '=', a.account.id).execute();
      const b = await insertAccount(env.db, env.vault, { envId: env.envId, connectionId: a.connection.id, authType: 'BEARER', identifier: 'user_b', credentials: creds() });
      await env.db.updateTable('connected_accounts').set({ organization_id: orgB }).where('id', '=', b.id).execute();
      const c = await connectionWithAccount(env, { providerKey: 'fake_api', connectionName: 'fake-c', authType: 'BEARER', identifier: 'user_c', credentials: creds() });
      ids = { accountA: a.account.id, accountB: b.id, accountC: c.account.id };
      await register(getItem());
      await register(getItem({ name: 'fake_c_only', connection_name: 'fake-c' }));
      await register(itemTitle());
      await register(itemTitle({ name: 'org_a_report', organization_id: orgA }));
    });
    afterAll(async () => {
      await env?.server.close();
      await up?.close();
    });

    it('ListTools serves built-in and custom tools in one catalog; an account filter applies the scope rule', async () => {
      const all = await env.sdk.tools.listTools({ pageSize: 100, filter: { provider: 'CUSTOM' } });
      expect(all.tools.map((t) => t.definition?.name)).toEqual(['item_title', 'org_a_report']);
      const org = all.tools[1];
      expect(org).toMatchObject({ provider: 'CUSTOM', isDefault: true, tags: ['custom'], metadata: { tool_version: '1.0.0', kind: 'code', organization_id: orgA, deprecated: false } });
      expect(Object.keys(org.definition!).sort()).toEqual(['category', 'description', 'display_name', 'input_schema', 'name', 'output_schema', 'provider']);
      const total = (await env.sdk.tools.listTools({ pageSize: 1 })).totalSize;
      expect(total).toBe(builtinToolRegistry().all.length + 4);
      const names = async (filter: Record<string, string>) => (await env.sdk.tools.listTools({ filter, pageSize: 100 })).tools.map((t) => t.definition?.name);
      expect(await names({ identifier: 'user_a' })).toEqual(['fake_get_item', 'item_title', 'org_a_report']);
      expect(await names({ identifier: 'user_b' })).toEqual(['fake_get_item', 'item_title']);
      expect(await names({ identifier: 'user_c' })).toEqual(['fake_c_only', 'fake_get_item', 'item_title']);
      expect(await names({ organizationId: orgA })).toEqual(['fake_get_item', 'item_title', 'org_a_report']);
      expect(await names({ connectedAccountId: ids.accountB })).toEqual(['fake_get_item', 'item_title']);
      // A connection alone names no user: its tools, and code tools only when scoped to it.
      expect(await names({ connector: 'fake-c' })).toEqual(['fake_c_only', 'fake_get_item']);
      expect((await env.sdk.tools.listTools({ filter: { summary: true, toolName: ['item_title', 'fake_get_item'] } })).toolNames).toEqual(['fake_get_item', 'item_title']);
    });

    it("ListScopedTools: declarative tools once per account in scope, code tools once per identifier with no account; ListAvailableTools alike", async () => {
      const scoped = async (identifier: string, filter: Record<string, string[]> = {}) =>
        (await env.sdk.tools.listScopedTools(identifier, { filter })).tools.map((t) => [t.tool?.definition?.name, t.connectedAccountId]);
      expect(await scoped('user_a')).toEqual([['fake_get_item', ids.accountA], ['item_title', ''], ['org_a_report', '']]);
      expect(await scoped('user_b')).toEqual([['fake_get_item', ids.accountB], ['item_title', '']]);
      expect(await scoped('user_c')).toEqual([['fake_c_only', ids.accountC], ['fake_get_item', ids.accountC], ['item_title', '']]);
      expect(await scoped('user_a', { providers: ['custom'] })).toEqual([['item_title', ''], ['org_a_report', '']]);
      expect(await scoped('user_a', { connectionNames: ['fake-a'] })).toEqual([['fake_get_item', ids.accountA]]);
      expect(await scoped('user_a', { toolNames: ['org_a_report'] })).toEqual([['org_a_report', '']]);
      expect(await scoped('nobody')).toEqual([]);
      const available = async (identifier: string) => (await env.sdk.tools.listAvailableTools(identifier, { pageSize: 100 })).tools.map((t) => t.definition?.name);
      expect((await available('user_b')).filter((n) => !builtinToolRegistry().byName(n as string))).toEqual(['fake_c_only', 'fake_get_item', 'item_title']);
      expect(await available('user_a')).toContain('org_a_report');
    });

    it('executes a declarative tool through the proxy path, and a code tool whose context.tools.execute runs it for the same user', async () => {
      up.respond(json((p: string) => ({ id: p.split('/').pop(), title: 'the answer', secret_field: 'not for the model' })));
      up.requests.length = 0;
      const direct = await execute('fake_get_item', 'user_b', { id: 'it_1' });
      expect(direct.data).toEqual({ id: 'it_1', title: 'the answer' });
      expect(up.last()).toMatchObject({ method: 'GET', path: '/base/v1/items/it_1' });
      expect(up.last().headers.authorization).toBe(`Bearer ${token}`);

      const viaCode = await execute('item_title', 'user_b', { id: 'it_2' });
      expect(viaCode.data).toEqual({ title: 'THE ANSWER', version: 1 });
      expect(up.last().path).toBe('/base/v1/items/it_2');
      expect(up.requests).toHaveLength(2);
      const record = await records(viaCode.executionId);
      expect(record).toMatchObject({ tool_name: 'item_title', tool_version: '1.0.0', identifier: 'user_b', outcome: 'success', account_id: null, warning: null });
      // The nested call is an execution of its own, as the account it ran as.
      const nested = await eventually(async () => (await env.db.selectFrom('tool_executions').selectAll().where('tool_name', '=', 'fake_get_item').where('identifier', '=', 'user_b').execute()).filter((r) => r.id > direct.executionId)[0]);
      expect(nested).toMatchObject({ account_id: ids.accountB, connection_name: 'fake-a', outcome: 'success' });
    });

    it('refuses execution outside a tool\'s scope: another organization, another connection', async () => {
      const org = await failure(execute('org_a_report', 'user_b', { id: 'x' }));
      expect([org.errorCode, org.message]).toEqual(['TOOL_OUT_OF_SCOPE', expect.stringContaining(`tool 'org_a_report' is scoped to organization ${orgA}`)]);
      const conn = await failure(execute('fake_c_only', 'user_a', { id: 'x' }));
      expect([conn.errorCode, conn.message]).toEqual(['TOOL_OUT_OF_SCOPE', expect.stringContaining("tool 'fake_c_only' is scoped to connection fake-c")]);
      up.respond(json({ id: 'x', title: 'ok' }));
      expect((await execute('org_a_report', 'user_a', { id: 'x' })).data).toEqual({ title: 'OK', version: 1 });
      expect((await env.sdk.tools.executeTool({ toolName: 'org_a_report', organizationId: orgA, connectedAccountId: ids.accountA, params: { id: 'x' } })).data).toEqual({ title: 'OK', version: 1 });
    });

    it('versions: executions use the default, name@version picks one, a deprecated one runs with a warning in its record', async () => {
      up.respond(json({ id: 'v', title: 'versioned' }));
      await register(itemTitle({ version: '2.0.0', implementation: "async (p, context) => { const i = await context.tools.execute({ tool: 'fake_get_item', parameters: { id: p.id } }); return { title: i.title, version: 2 }; }" }));
      expect((await execute('item_title', 'user_a', { id: 'v' })).data).toEqual({ title: 'versioned', version: 2 });
      const dep = await rest(`${SEED_PATH}/item_title/versions/1.0.0/deprecate`, { method: 'POST' });
      expect(dep.status).toBe(200);
      const old = await execute('item_title@1.0.0', 'user_a', { id: 'v' });
      expect(old.data).toEqual({ title: 'VERSIONED', version: 1 });
      expect(await records(old.executionId)).toMatchObject({ tool_version: '1.0.0', warning: "version 1.0.0 of tool 'item_title' is deprecated; run the default version instead", outcome: 'success' });
      expect((await records((await execute('item_title', 'user_a', { id: 'v' })).executionId))).toMatchObject({ tool_version: '2.0.0', warning: null });
      const listed = await env.sdk.tools.listTools({ filter: { toolName: ['item_title'] } });
      expect(listed.tools.map((t) => [t.metadata?.tool_version, t.isDefault, t.metadata?.deprecated])).toEqual([['1.0.0', false, true], ['2.0.0', true, false]]);
      const missing = await failure(execute('item_title@9.0.0', 'user_a', { id: 'v' }));
      expect([missing.errorCode, missing.message]).toEqual(['TOOL_VERSION_NOT_FOUND', expect.stringContaining("tool 'item_title' has no version 9.0.0 (it has 1.0.0, 2.0.0)")]);
      // Built-in tools answer to their one version.
      const builtin = await failure(execute('gmail_send_email@0.9.0', 'user_a', {}));
      expect(builtin.errorCode).toBe('TOOL_VERSION_NOT_FOUND');
      // Back to 1.0.0 for the other tests.
      await rest(`${SEED_PATH}/item_title/versions/1.0.0/default`, { method: 'POST' });
    });

    it("params are validated against the custom tool's input_schema, and the environment's modifiers apply to it", async () => {
      const bad = await failure(execute('item_title', 'user_a', { id: 7 }));
      expect([bad.errorCode, bad.message]).toEqual(['INVALID_ARGUMENT', expect.stringContaining('params.id must be a string')]);
      const rule = await rest('/api/v1/agent-auth/tool-modifiers/item_title', { method: 'PUT', body: { pre: [{ op: 'set', path: 'id', value: 'forced' }], post: { keep: ['title'], max_string_length: 3 } } });
      expect(rule.status, rule.text).toBe(200);
      up.respond(json((p: string) => ({ id: p.split('/').pop(), title: 'modified' })));
      const res = await execute('item_title', 'user_a', { id: 'asked' });
      expect(res.data).toEqual({ title: 'MO…' });
      expect(up.last().path).toBe('/base/v1/items/forced');
    });

    it('a runaway code tool is stopped with a clear tool error while a concurrent execution succeeds', async () => {
      await register(itemTitle({ name: 'spin_forever', implementation: 'async () => { for (;;) {} }' }));
      up.respond(json({ id: 'c', title: 'concurrent' }));
      const [spin, normal] = await Promise.allSettled([execute('spin_forever', 'user_a', { id: 'x' }), execute('fake_get_item', 'user_b', { id: 'c' })]);
      expect(normal).toMatchObject({ status: 'fulfilled', value: { data: { id: 'c', title: 'concurrent' } } });
      expect(spin.status).toBe('rejected');
      const err = (spin as PromiseRejectedResult).reason as ScalekitServerException;
      expect(err.message).toContain('CPU time');
    });
  });
}
