import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/test-server.js';
import { restCall, startAgentAuthEnv, type AgentAuthEnv } from '../helpers/agent-auth-env.js';
import { connectionWithAccount } from '../helpers/agent-auth-fixtures.js';
import { createConnection, setConnectionEnabled } from '../../src/modules/connections/connections.js';
import { builtinToolRegistry } from '../../src/modules/tools/registry/tool-registry.js';
import { newId } from '../../src/storage/ids.js';

const catalog = builtinToolRegistry();
const toolsOf = (provider: string) => catalog.byProvider(provider).map((t) => t.name);

for (const dialect of DIALECTS) {
  describe(`ListScopedTools and ListAvailableTools (${dialect.name})`, () => {
    let env: AgentAuthEnv;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      env = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl });
      // user_123: ACTIVE on two Gmail connections and on GitHub, PENDING on Slack; someone else on Asana.
      ids.gmailA = (await connectionWithAccount(env, { providerKey: 'gmail', connectionName: 'gmail', authType: 'OAUTH', identifier: 'user_123' })).account.id;
      ids.gmailB = (await connectionWithAccount(env, { providerKey: 'gmail', connectionName: 'gmail-work', authType: 'OAUTH', identifier: 'user_123' })).account.id;
      ids.github = (await connectionWithAccount(env, { providerKey: 'github', connectionName: 'github', authType: 'OAUTH', identifier: 'user_123' })).account.id;
      await connectionWithAccount(env, { providerKey: 'slack', connectionName: 'slack', authType: 'OAUTH', identifier: 'user_123', status: 'PENDING_AUTH' });
      await connectionWithAccount(env, { providerKey: 'asana', connectionName: 'asana', authType: 'OAUTH', identifier: 'someone_else', clientId: 'cid', clientSecret: 'csecret' });
      const disabled = await connectionWithAccount(env, { providerKey: 'notion', connectionName: 'notion', authType: 'OAUTH', identifier: 'user_123' });
      await setConnectionEnabled(env.db, env.envId, { id: disabled.connection.id }, false);
      // A connection nobody connected yet, ready for accounts (static type: COMPLETED).
      await createConnection(env.db, env.vault, env.envId, { providerKey: 'stripe', connectionName: 'stripe' });
    });
    afterAll(async () => env?.server.close());

    it("runs the seed's snippet: the identifier's ACTIVE accounts' tools, once per account, each with its account id", async () => {
      const { tools } = await env.sdk.tools.listScopedTools('user_123', { filter: { connectionNames: ['gmail'] } });
      expect(tools.map((t) => t.tool?.definition?.name)).toEqual(toolsOf('gmail'));
      for (const t of tools) {
        expect(t).toMatchObject({ identifier: 'user_123', connectedAccountId: ids.gmailA });
        const { name, input_schema } = t.tool!.definition as { name: string; input_schema: unknown };
        expect(input_schema).toEqual(JSON.parse(JSON.stringify(catalog.byName(name)!.spec.definition.input_schema)));
      }

      const all = await env.sdk.tools.listScopedTools('user_123', { filter: {}, pageSize: 100 });
      const expected = [
        ...toolsOf('gmail').flatMap((n) => [[n, ids.gmailA], [n, ids.gmailB]]),
        ...toolsOf('github').map((n) => [n, ids.github]),
      ].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const got = all.tools.map((t) => [t.tool?.definition?.name, t.connectedAccountId]);
      expect(got.length).toBe(all.totalSize);
      expect(all.totalSize).toBe(expected.length);
      // Per tool, connection 'gmail' sorts before 'gmail-work'.
      expect(got.slice(0, 100)).toEqual(expected.slice(0, 100));
    });

    it('filters by providers (any case) and tool names, and pages stably', async () => {
      const gh = await env.sdk.tools.listScopedTools('user_123', { filter: { providers: ['GITHUB'] } });
      expect(gh.tools.map((t) => t.tool?.definition?.name)).toEqual(toolsOf('github'));
      const one = toolsOf('gmail')[0];
      if (one) {
        const named = await env.sdk.tools.listScopedTools('user_123', { filter: { toolNames: [one] } });
        expect(named.tools.map((t) => t.connectedAccountId)).toEqual([ids.gmailA, ids.gmailB]);
      }
      const seen: string[] = [];
      let token = '';
      do {
        const page = await env.sdk.tools.listScopedTools('user_123', { filter: {}, pageSize: 3, pageToken: token || undefined });
        seen.push(...page.tools.map((t) => `${t.tool?.definition?.name}/${t.connectedAccountId}`));
        token = page.nextPageToken;
      } while (token);
      const whole = await env.sdk.tools.listScopedTools('user_123', { filter: {}, pageSize: 100 });
      expect(seen.slice(0, 100)).toEqual(whole.tools.map((t) => `${t.tool?.definition?.name}/${t.connectedAccountId}`));
    });

    it('leaves out accounts that are not ACTIVE and disabled connections; an unknown identifier has no tools', async () => {
      const slack = await env.sdk.tools.listScopedTools('user_123', { filter: { connectionNames: ['slack', 'notion'] } });
      expect(slack).toMatchObject({ tools: [], totalSize: 0 });
      expect((await env.sdk.tools.listScopedTools('nobody', { filter: {} })).tools).toEqual([]);
    });

    it('answers not_found naming a connection, provider or tool the filter names that does not exist', async () => {
      await expect(env.sdk.tools.listScopedTools('user_123', { filter: { connectionNames: ['gmail', 'gmial'] } })).rejects.toMatchObject({
        grpcStatus: 5,
        message: expect.stringContaining("connection 'gmial' was not found"),
      });
      await expect(env.sdk.tools.listScopedTools('user_123', { filter: { providers: ['nosuchprovider'] } })).rejects.toMatchObject({
        grpcStatus: 5,
        message: expect.stringContaining("provider 'nosuchprovider' was not found"),
      });
      await expect(env.sdk.tools.listScopedTools('user_123', { filter: { toolNames: ['gmail_teleport'] } })).rejects.toMatchObject({
        grpcStatus: 5,
        message: expect.stringContaining("tool 'gmail_teleport' was not found"),
      });
      await expect(env.sdk.tools.listScopedTools('', { filter: {} })).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('identifier is required') });
    });

    it('serves REST at /api/v1/tools/scoped and /api/v1/tools/available', async () => {
      const res = await restCall(`${env.server.url}/api/v1/tools/scoped?identifier=user_123&filter.connection_names=github`, { token: env.token });
      expect(res.status).toBe(200);
      expect(res.json.tools.map((t: any) => t.tool.definition.name)).toEqual(toolsOf('github'));
      expect(res.json.tools[0]).toMatchObject({ identifier: 'user_123', connected_account_id: ids.github });
      const missing = await restCall(`${env.server.url}/api/v1/tools/scoped?identifier=user_123&filter.connection_names=nope`, { token: env.token });
      expect(missing.status).toBe(404);
      const avail = await restCall(`${env.server.url}/api/v1/tools/available?identifier=user_123&page_size=100`, { token: env.token });
      expect(avail.status).toBe(200);
      expect(avail.json.total_size).toBeGreaterThanOrEqual(0);
    });

    it('ListAvailableTools: tools of enabled connections the identifier has an account on (any status) or could connect', async () => {
      const res = await env.sdk.tools.listAvailableTools('user_123', { pageSize: 100 });
      // gmail, github, slack (its account is PENDING), asana and stripe (COMPLETED: ready for accounts).
      const providers = ['asana', 'github', 'gmail', 'slack', 'stripe'];
      const expected = catalog.all.filter((t) => providers.includes(t.provider)).map((t) => t.name);
      expect(res.totalSize).toBe(expected.length);
      expect(res.tools.map((t) => t.definition?.name)).toEqual(expected.slice(0, 100));
      // Notion's connection is disabled; a DRAFT OAuth connection without an account of the identifier cannot take one.
      expect(res.tools.some((t) => t.provider === 'NOTION')).toBe(false);
      await createConnection(env.db, env.vault, env.envId, { providerKey: 'linear', connectionName: 'linear-draft' });
      const after = await env.sdk.tools.listAvailableTools('user_123', { pageSize: 100 });
      expect(after.tools.some((t) => t.provider === 'LINEAR')).toBe(false);
    });

    it('finds the identifier among 10k accounts on 200 connections with one indexed query', async () => {
      const now = new Date().toISOString();
      const connections = Array.from({ length: 200 }, (_, i) => ({
        id: newId('conn'), environment_id: env.envId, connection_name: `bulk-${i}`, provider_key: i % 2 ? 'gmail' : 'github', auth_type: 'OAUTH',
        client_id: null, client_secret_ciphertext: null, scopes: '[]', settings: '{}', enabled: 1, created_at: now, updated_at: now,
      }));
      await env.db.insertInto('connections').values(connections).execute();
      for (let chunk = 0; chunk < 10; chunk++) {
        const rows = Array.from({ length: 1000 }, (_, j) => {
          const n = chunk * 1000 + j;
          return {
            id: newId('ca'), environment_id: env.envId, connection_id: connections[n % 200].id, identifier: `bulk_user_${Math.floor(n / 200)}`,
            organization_id: null, user_id: null, status: 'ACTIVE', auth_type: 'OAUTH', credentials_ciphertext: null, credentials_version: 0,
            token_expires_at: null, scopes: '[]', account_fields: '{}', api_config: '{}', authorized_user_id: null, authorized_user_email: null,
            last_used_at: null, created_at: now, updated_at: now,
          };
        });
        await env.db.insertInto('connected_accounts').values(rows).execute();
      }
      const res = await env.sdk.tools.listScopedTools('bulk_user_7', { filter: {}, pageSize: 100 });
      expect(res.totalSize).toBe(100 * toolsOf('gmail').length + 100 * toolsOf('github').length);

      const plan =
        dialect.name === 'sqlite'
          ? (await sql<{ detail: string }>`explain query plan select a.id from connected_accounts a join connections c on c.id = a.connection_id where a.environment_id = ${env.envId} and a.identifier = 'bulk_user_7' and a.status = 'ACTIVE' and c.enabled = 1`.execute(env.db)).rows.map((r) => r.detail).join('\n')
          : await (async () => {
              await sql`analyze connected_accounts`.execute(env.db);
              const r = await sql<{ 'QUERY PLAN': string }>`explain select a.id from connected_accounts a join connections c on c.id = a.connection_id where a.environment_id = ${env.envId} and a.identifier = 'bulk_user_7' and a.status = 'ACTIVE' and c.enabled = 1`.execute(env.db);
              return r.rows.map((x) => x['QUERY PLAN']).join('\n');
            })();
      // Accounts are reached through an index, never by scanning the 10k rows.
      if (dialect.name === 'sqlite') expect(plan).toMatch(/SEARCH a USING (COVERING )?INDEX/);
      else expect(plan).toMatch(/Index (Only )?Scan using connected_accounts_env_/);
      expect(plan).not.toMatch(/Seq Scan on connected_accounts|SCAN a$|SCAN a\n/m);
    });
  });
}
