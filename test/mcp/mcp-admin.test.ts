import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/test-server.js';
import { runCli } from '../helpers/run-cli.js';
import { createConnection } from '../../src/modules/connections/connections.js';
import { startMcpEnv, type McpEnv } from './mcp-env.js';
import { mcpClient } from './mcp-clients.js';

const violations = (json: any): string[] => json.details?.[0]?.validation_error_info?.field_violations?.map((v: any) => v.field) ?? [];

/** The REST API and CLI that configure Latchkey as an MCP server: MCP servers, served connections, per-user tokens. */
for (const dialect of DIALECTS) {
  describe(`MCP configuration: REST API and CLI (${dialect.name})`, () => {
    let m: McpEnv;
    let cliEnv: Record<string, string>;
    const cli = (...args: string[]) => runCli(['mcp', ...args], cliEnv, { timeoutMs: 150_000 });

    beforeAll(async () => {
      m = await startMcpEnv(dialect.databaseUrl);
      await createConnection(m.env.db, m.env.vault, m.env.envId, { providerKey: 'slack', connectionName: 'slack' });
      cliEnv = {
        DATA_DIR: m.env.server.dataDir,
        PUBLIC_URL: m.env.server.core.config.publicUrl,
        LOG_LEVEL: 'error',
        ...(m.env.server.core.config.databaseUrl ? { DATABASE_URL: m.env.server.core.config.databaseUrl } : {}),
      };
    });
    afterAll(async () => m?.close());

    it('refuses a bad MCP server definition, naming every field at once', async () => {
      const empty = await m.api('/api/v1/agent-auth/mcp-servers', { method: 'POST', body: {} });
      expect(empty.status).toBe(400);
      expect(violations(empty.json)).toEqual(['name', 'connection_names']);
      const bad = await m.api('/api/v1/agent-auth/mcp-servers', {
        method: 'POST',
        body: { name: 'x', connection_names: ['gmail', 'nope'], tool_names: ['gmail_fetch_mails', 'slack_send_message', 'no_such_tool'], max_tools: 0, user_verify_url: 'http://evil.example/verify', colour: 'red' },
      });
      expect(bad.status).toBe(400);
      expect(violations(bad.json)).toEqual(['colour', 'max_tools', 'user_verify_url', 'connection_names[1]', 'tool_names[1]', 'tool_names[2]']);
      expect(bad.json.message).toContain("'slack_send_message' is a slack tool, but no listed connection is a slack connection");
      expect(bad.json.message).toContain("names no connection in this environment ('nope')");
      expect((await m.api('/api/v1/agent-auth/mcp-servers', { method: 'POST', body: [] })).status).toBe(400);
    });

    it('creates, lists, reads and deletes MCP servers; a name is unique; deleting one revokes its tokens', async () => {
      const created = await m.api('/api/v1/agent-auth/mcp-servers', { method: 'POST', body: { name: 'Mail and chat', connection_names: ['gmail', 'slack'], max_tools: 10 } });
      expect(created.status, created.text).toBe(200);
      expect(created.json).toMatchObject({ id: expect.stringMatching(/^mcps_/), name: 'Mail and chat', connection_names: ['gmail', 'slack'], tool_names: [], max_tools: 10, user_verify_url: null });
      const dup = await m.api('/api/v1/agent-auth/mcp-servers', { method: 'POST', body: { name: 'Mail and chat', connection_names: ['gmail'] } });
      expect(dup.status).toBe(409);
      expect((await m.api('/api/v1/agent-auth/mcp-servers')).json.mcp_servers.map((s: any) => s.id)).toContain(created.json.id);
      expect((await m.api(`/api/v1/agent-auth/mcp-servers/${created.json.id}`)).json).toEqual(created.json);
      expect((await m.api('/api/v1/agent-auth/mcp-servers/mcps_nope')).status).toBe(404);

      const { token } = await m.issueToken({ identifier: 'user_123', server_id: created.json.id });
      const c = await mcpClient(created.json.mcp_server_url, token, 'modern');
      expect((await c.client.listTools()).tools.length).toBeGreaterThan(7);
      await c.close();
      expect((await m.api(`/api/v1/agent-auth/mcp-servers/${created.json.id}`, { method: 'DELETE' })).status).toBe(200);
      expect(await m.env.db.selectFrom('mcp_tokens').select('id').where('server_id', '=', created.json.id).execute()).toEqual([]);
      const after = await fetch(created.json.mcp_server_url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
      expect(after.status).toBe(401);
      expect((await m.api('/api/v1/agent-auth/mcp-servers', { token: null })).status).toBe(401);
    });

    it('issues tokens (the secret once, its hash stored), lists them without the secret, revokes them', async () => {
      const noEndpoint = await m.api('/api/v1/agent-auth/mcp-tokens', { method: 'POST', body: { identifier: 'u', connection_name: 'slack' } });
      expect(noEndpoint.status).toBe(400);
      expect(noEndpoint.json.details[0].error_code).toBe('MCP_CONNECTION_NOT_ENABLED');
      const bad = await m.api('/api/v1/agent-auth/mcp-tokens', { method: 'POST', body: { server_id: 'mcps_x', connection_name: 'gmail', expires_in: 5 } });
      expect(bad.status).toBe(400);
      expect(violations(bad.json)).toEqual(['identifier', 'server_id', 'expires_in']);
      expect((await m.api('/api/v1/agent-auth/mcp-tokens', { method: 'POST', body: { identifier: 'u', server_id: 'mcps_nope' } })).status).toBe(404);

      await m.api('/api/v1/agent-auth/mcp-connections/gmail', { method: 'PUT', body: {} });
      const issued = await m.issueToken({ identifier: 'token_user', connection_name: 'gmail', expires_in: 3600 });
      expect(issued.token).toMatch(/^lk_mcp_[A-Za-z0-9_-]{43}$/);
      const row = await m.env.db.selectFrom('mcp_tokens').selectAll().where('id', '=', issued.id).executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain(issued.token);
      const listed = await m.api('/api/v1/agent-auth/mcp-tokens?identifier=token_user');
      expect(listed.json.mcp_tokens).toEqual([
        { id: issued.id, identifier: 'token_user', server_id: null, connection_name: 'gmail', secret_hint: `lk_mcp_…${issued.token.slice(-4)}`, expires_at: expect.any(String), revoked_at: null, created_at: expect.any(String) },
      ]);
      expect(listed.text).not.toContain(issued.token);
      expect((await m.api(`/api/v1/agent-auth/mcp-tokens/${issued.id}`, { method: 'DELETE' })).status).toBe(200);
      expect((await m.api('/api/v1/agent-auth/mcp-tokens?identifier=token_user')).json.mcp_tokens[0].revoked_at).toEqual(expect.any(String));
      expect((await m.api('/api/v1/agent-auth/mcp-tokens/mcpt_nope', { method: 'DELETE' })).status).toBe(404);
      expect((await m.api('/api/v1/agent-auth/mcp-tokens?who=x')).status).toBe(400);
    });

    it('a deleted connection takes its MCP endpoint and tokens with it', async () => {
      const temp = await createConnection(m.env.db, m.env.vault, m.env.envId, { providerKey: 'slack', connectionName: 'temp-slack' });
      expect((await m.api('/api/v1/agent-auth/mcp-connections/temp-slack', { method: 'PUT', body: { user_verify_url: 'https://app.example.com/verify' } })).json.user_verify_url).toBe('https://app.example.com/verify');
      await m.issueToken({ identifier: 'u', connection_name: 'temp-slack' });
      expect((await m.api(`/api/v1/connections/${temp.id}`, { method: 'DELETE' })).status).toBe(200);
      expect((await m.api('/api/v1/agent-auth/mcp-connections')).json.mcp_connections.map((c: any) => c.connection_name)).not.toContain('temp-slack');
      expect(await m.env.db.selectFrom('mcp_tokens').select('id').where('connection_id', '=', temp.id).execute()).toEqual([]);
      expect((await m.api('/api/v1/agent-auth/mcp-connections/nope', { method: 'PUT', body: {} })).status).toBe(404);
      expect((await m.api('/api/v1/agent-auth/mcp-connections/gmail', { method: 'PUT', body: { extra: 1 } })).status).toBe(400);
    });

    // Each CLI run is a fresh process (seconds on a loaded machine): independent commands run side by side.
    it('the CLI: mcp connections enable|list|disable, mcp servers create|delete, mcp tokens create|list|revoke', async () => {
      const [enabled, created, badServer, unknown, needsEnv] = await Promise.all([
        cli('connections', 'enable', 'slack'),
        cli('servers', 'create', '--name', 'cli-server', '--connections', 'gmail,slack', '--tools', 'gmail_fetch_mails', '--max-tools', '5'),
        cli('servers', 'create', '--name', 'x', '--connections', 'nope'),
        cli('widgets', 'list'),
        cli('tokens', 'revoke', 'mcpt_x'),
      ]);
      expect(enabled.code, enabled.stderr).toBe(0);
      expect(JSON.parse(enabled.stdout)).toMatchObject({ connection_name: 'slack', mcp_server_url: `${cliEnv.PUBLIC_URL}/mcp/v3/connections/slack` });
      expect(created.code, created.stderr).toBe(0);
      const server = JSON.parse(created.stdout);
      expect(server).toMatchObject({ name: 'cli-server', connection_names: ['gmail', 'slack'], tool_names: ['gmail_fetch_mails'], max_tools: 5 });
      expect(badServer.code).toBe(2);
      expect(badServer.stderr).toContain("connection_names[0] names no connection in this environment ('nope')");
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain("unknown command 'mcp widgets list'");
      expect(needsEnv.code).toBe(2);
      expect(needsEnv.stderr).toContain('needs --env');

      const tokenRun = await cli('tokens', 'create', '--identifier', 'user_123', '--server', server.id);
      expect(tokenRun.code, tokenRun.stderr).toBe(0);
      const issued = JSON.parse(tokenRun.stdout);
      expect(issued.token).toMatch(/^lk_mcp_/);
      // The token the CLI printed opens the running server's endpoint.
      const c = await mcpClient(server.mcp_server_url, issued.token, 'legacy');
      expect((await c.client.listTools()).tools.map((t) => t.name)).toEqual(['gmail_fetch_mails']);
      await c.close();

      const [listed, revoked, connections] = await Promise.all([
        cli('tokens', 'list', '--identifier', 'user_123'),
        cli('tokens', 'revoke', issued.id, '--env', 'development'),
        cli('connections', 'list'),
      ]);
      expect(JSON.parse(listed.stdout).map((t: any) => t.id)).toContain(issued.id);
      expect(listed.stdout).not.toContain(issued.token);
      expect(revoked.code, revoked.stderr).toBe(0);
      expect(JSON.parse(connections.stdout).map((x: any) => x.connection_name)).toContain('slack');
      const [deleted, disabled] = await Promise.all([cli('servers', 'delete', server.id, '--env', 'development'), cli('connections', 'disable', 'slack', '--env', 'development')]);
      expect(deleted.code, deleted.stderr).toBe(0);
      expect(disabled.code, disabled.stderr).toBe(0);
      expect((await m.api('/api/v1/agent-auth/mcp-servers')).json.mcp_servers.map((x: any) => x.id)).not.toContain(server.id);
      expect((await m.api('/api/v1/agent-auth/mcp-connections')).json.mcp_connections.map((x: any) => x.connection_name)).not.toContain('slack');
    }, 300_000);
  });
}
