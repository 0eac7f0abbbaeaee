import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/test-server.js';
import { environmentAccess, restCall, startAgentAuthEnv, type AgentAuthEnv } from '../helpers/agent-auth-env.js';
import { connectionWithAccount, customProvider } from '../helpers/agent-auth-fixtures.js';
import { eventually, secret } from '../helpers/test-utils.js';
import { startEchoUpstream, type EchoUpstream } from '../fakes/echo-upstream.js';
import { proxy } from './fixtures.js';

interface Entry {
  id: string;
  connection_name: string;
  identifier: string;
  method: string;
  path: string;
  status: number;
  error_code: string | null;
  connected_account_id: string | null;
}

for (const dialect of DIALECTS) {
  describe(`tool proxy: reading the audit log over REST (${dialect.name})`, () => {
    let env: AgentAuthEnv;
    let up: EchoUpstream;
    let accountId: string;
    const url = () => `${env.server.url}/api/v1/agent-auth/proxy-audit`;
    const list = (query = '', token = env.token) => restCall(`${url()}${query}`, { token });

    beforeAll(async () => {
      up = await startEchoUpstream();
      env = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl, allowHosts: ['127.0.0.1'] });
      await customProvider(env.db, env.envId, 'audit_bearer', { type: 'BEARER', fields: [{ field_name: 'token', label: 'Token', input_type: 'password', required: true }] });
      const { account } = await connectionWithAccount(env, {
        providerKey: 'audit_bearer', connectionName: 'audited', authType: 'BEARER', identifier: 'u1',
        credentials: { kind: 'static', fields: { domain: up.hostPort, token: secret('tok') } },
      });
      accountId = account.id;
      for (let i = 0; i < 5; i++) await (await proxy(env, { connectionName: 'audited', identifier: 'u1', path: `/v1/items/${i}?secret_code=abc${i}` })).body.dump();
      await (await proxy(env, { connectionName: 'audited', identifier: 'nobody', path: '/v1/items' })).body.dump();
      await eventually(async () => ((await list()).json.entries?.length === 6 ? true : undefined));
    });
    afterAll(async () => {
      await env?.server.close();
      await up?.close();
    });

    it('lists the calls newest first, with query parameter names only', async () => {
      const res = await list();
      expect(res.status).toBe(200);
      const entries = res.json.entries as Entry[];
      expect(entries.map((e) => [e.identifier, e.path, e.status])).toEqual([
        ['nobody', '/v1/items', 404],
        ...[4, 3, 2, 1, 0].map((i) => ['u1', `/v1/items/${i}?secret_code`, 200]),
      ]);
      expect(entries[0].error_code).toBe('CONNECTED_ACCOUNT_NOT_FOUND');
      expect(entries[1]).toMatchObject({ connection_name: 'audited', method: 'GET', connected_account_id: accountId, error_code: null });
      expect(res.text).not.toContain('abc');
      expect(res.json.next_page_token).toBe('');
    });

    it('pages with next_page_token and filters by identifier and status', async () => {
      const first = await list('?page_size=4');
      expect((first.json.entries as Entry[]).length).toBe(4);
      const second = await list(`?page_size=4&page_token=${first.json.next_page_token}`);
      expect((second.json.entries as Entry[]).map((e) => e.path)).toEqual(['/v1/items/1?secret_code', '/v1/items/0?secret_code']);
      expect(second.json.next_page_token).toBe('');
      expect(((await list('?identifier=nobody')).json.entries as Entry[]).map((e) => e.status)).toEqual([404]);
      expect(((await list('?status=200&connection_name=audited')).json.entries as Entry[]).length).toBe(5);
    });

    it('refuses bad parameters naming them, and shows another environment nothing', async () => {
      const bad = await list('?page_size=1000');
      expect(bad.status).toBe(400);
      expect(bad.json.message).toContain('page_size');
      const unknown = await list('?since=yesterday');
      expect(unknown.status).toBe(400);
      expect(unknown.json.message).toContain('since');
      const token = await list('?page_token=nope');
      expect(token.status).toBe(400);
      expect(token.json.message).toContain('page_token');
      expect((await list('', null as unknown as string)).status).toBe(401);
      const prod = await environmentAccess(env.server, 'production');
      expect((await list('', prod.token)).json.entries).toEqual([]);
    });
  });
}
