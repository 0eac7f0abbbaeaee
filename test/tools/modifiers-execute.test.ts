import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/test-server.js';
import { restCall, startAgentAuthEnv, type AgentAuthEnv } from '../helpers/agent-auth-env.js';
import { connectionWithAccount, customProvider } from '../helpers/agent-auth-fixtures.js';
import { secret } from '../helpers/test-utils.js';
import { startEchoUpstream, type EchoUpstream, type UpstreamHandler } from '../fakes/echo-upstream.js';
import { createToolRegistry } from '../../src/modules/tools/registry/tool-registry.js';
import { TEST_TOOLS } from './execute-fixtures.js';

const ITEMS = { items: [{ id: 'it_1', title: 'A long title here' }, { id: 'it_2', title: 'Second' }, { id: 'it_3', title: 'Third' }], cursor: 'c2' };
const answer: UpstreamHandler = (_r, res) => {
  const payload = JSON.stringify(ITEMS);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
};

for (const dialect of DIALECTS) {
  describe(`tool modifiers on ExecuteTool: what reaches the provider and what comes back (${dialect.name})`, () => {
    let up: EchoUpstream;
    let env: AgentAuthEnv;
    const put = (tool: string, body: unknown, connection?: string) =>
      restCall(`${env.server.url}/api/v1/agent-auth/tool-modifiers/${tool}${connection ? `?connection_name=${connection}` : ''}`, { method: 'PUT', body, token: env.token });
    const execute = (identifier: string, toolInput: Record<string, unknown>) => env.sdk.actions.executeTool({ toolName: 'fake_list_items', identifier, toolInput });

    beforeAll(async () => {
      up = await startEchoUpstream();
      up.respond(answer);
      env = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl, allowHosts: ['127.0.0.1'], server: { tools: createToolRegistry(TEST_TOOLS) } });
      await customProvider(env.db, env.envId, 'fake_api', { type: 'BEARER', fields: [{ field_name: 'token', label: 'Token', input_type: 'password', required: true }] });
      const creds = () => ({ kind: 'static' as const, fields: { domain: up.hostPort, token: secret('tool-bearer') } });
      await connectionWithAccount(env, { providerKey: 'fake_api', connectionName: 'fake-main', authType: 'BEARER', identifier: 'user_main', credentials: creds() });
      await connectionWithAccount(env, { providerKey: 'fake_api', connectionName: 'fake-other', authType: 'BEARER', identifier: 'user_other', credentials: creds() });
    });
    afterAll(async () => {
      await env?.server.close();
      await up?.close();
    });

    it('without a modifier the call and the data are the tool’s own', async () => {
      const result = await execute('user_main', { query: 'from:x' });
      expect(Object.fromEntries(up.last().query)).toEqual({ q: 'from:x' });
      expect(result.data).toEqual({ items: ITEMS.items, next_cursor: 'c2' });
    });

    it('pre rules change the parameters the provider receives; post rules trim what the caller gets; the next call sees each change', async () => {
      const rule = {
        pre: [{ op: 'append', path: 'query', value: 'is:open' }, { op: 'default', path: 'max_results', value: 7 }],
        post: { keep: ['items[].id', 'items[].title'], max_string_length: 6, max_array_items: 2 },
      };
      expect((await put('fake_list_items', rule)).status).toBe(200);
      const first = await execute('user_main', { query: 'from:x' });
      expect(Object.fromEntries(up.last().query)).toEqual({ q: 'from:x is:open', limit: '7' });
      expect(first.data).toEqual({ items: [{ id: 'it_1', title: 'A lon…' }, { id: 'it_2', title: 'Second' }] });

      // default keeps what the caller chose; a query already carrying the words is sent as is.
      await execute('user_main', { query: 'is:open', max_results: 3 });
      expect(Object.fromEntries(up.last().query)).toEqual({ q: 'is:open', limit: '3' });

      // A connection's own rule replaces the environment-wide one on that connection only.
      expect((await put('fake_list_items', { pre: [{ op: 'set', path: 'query', value: 'pinned' }] }, 'fake-other')).status).toBe(200);
      const other = await execute('user_other', { query: 'anything' });
      expect(Object.fromEntries(up.last().query)).toEqual({ q: 'pinned' });
      expect(other.data).toEqual({ items: ITEMS.items, next_cursor: 'c2' });
      await execute('user_main', { query: 'a' });
      expect(Object.fromEntries(up.last().query)).toEqual({ q: 'a is:open', limit: '7' });

      const del = await restCall(`${env.server.url}/api/v1/agent-auth/tool-modifiers/fake_list_items`, { method: 'DELETE', token: env.token });
      expect(del.status).toBe(200);
      const plain = await execute('user_main', { query: 'a' });
      expect(Object.fromEntries(up.last().query)).toEqual({ q: 'a' });
      expect(plain.data).toEqual({ items: ITEMS.items, next_cursor: 'c2' });
    });

    it('the caller’s input is validated before the rules apply: a rule cannot make an invalid call valid', async () => {
      const refused = await put('fake_list_items', { pre: [{ op: 'default', path: 'query', value: 'everything' }] });
      expect(refused.status).toBe(400);
      expect(refused.json.message).toBe('pre[0].op default never applies: fake_list_items requires query of every caller; use set to replace what they send');
      expect((await put('fake_list_items', { pre: [{ op: 'set', path: 'query', value: 'everything' }] })).status).toBe(200);
      const count = up.requests.length;
      await expect(execute('user_main', {})).rejects.toThrow(/query/);
      expect(up.requests.length).toBe(count);
      await execute('user_main', { query: 'mine' });
      expect(Object.fromEntries(up.last().query)).toEqual({ q: 'everything' });
    });
  });
}
