import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScalekitServerException, type ScalekitToolException } from '@scalekit-sdk/node';
import { DIALECTS } from '../helpers/test-server.js';
import { restCall, startAgentAuthEnv, type AgentAuthEnv } from '../helpers/agent-auth-env.js';
import { connectionWithAccount } from '../helpers/agent-auth-fixtures.js';
import { rejectionOf, secret } from '../helpers/test-utils.js';
import { startMcpUpstream, type McpUpstream } from '../fakes/mcp-upstream.js';
import { createCustomProvider } from '../../src/modules/providers/custom/custom-providers.js';
import { apifyTools, extraTool } from './mcp-fixtures.js';

const API_KEY_PATTERN = { type: 'API_KEY', display_name: 'API key', fields: [{ field_name: 'api_key', label: 'API key', input_type: 'password', required: true }] };

for (const dialect of DIALECTS) {
  describe(`an MCP connector on a 2025-11-25 server with sessions, API key (${dialect.name})`, () => {
    let env: AgentAuthEnv;
    let up: McpUpstream;
    const apiKey = secret('mcp-api-key');

    beforeAll(async () => {
      up = await startMcpUpstream({ legacySessions: true, authorize: (h) => h === apiKey });
      // Underscores in both the connection name and a tool name: `c-legacy_srv_get_run` still names one tool.
      up.tools = [...apifyTools(), { ...extraTool('get_run'), run: (args) => ({ content: [{ type: 'text', text: `run ${String(args.id)}` }] }) }];
      env = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl, allowHosts: ['127.0.0.1'] });
      const definition = { display_name: 'Legacy MCP', kind: 'MCP', auth_patterns: [API_KEY_PATTERN], proxy_url: up.url, proxy_enabled: true };
      await createCustomProvider(env.db, env.envId, { key: 'legacy_mcp', ...definition });
      await connectionWithAccount(env, { providerKey: 'legacy_mcp', connectionName: 'legacy_srv', authType: 'API_KEY', identifier: 'user_9', credentials: { kind: 'static', fields: { api_key: apiKey } } });
    });

    afterAll(async () => {
      await env?.server.close();
      await up?.close();
    });

    it('falls back to the initialize handshake, imports every page, calls a tool, and ends each session with DELETE', async () => {
      const { tools } = await env.sdk.tools.listScopedTools('user_9', { filter: { connectionNames: ['legacy_srv'] } });
      expect(tools.map((t) => (t.tool?.definition as { name: string }).name)).toEqual(['c-legacy_srv_call-actor', 'c-legacy_srv_fetch-apify-docs', 'c-legacy_srv_get_run', 'c-legacy_srv_search-actors']);
      const run = await env.sdk.actions.executeTool({ toolName: 'c-legacy_srv_get_run', identifier: 'user_9', toolInput: { id: 'r1' } });
      expect(run.data).toEqual({ content: [{ type: 'text', text: 'run r1' }] });
      const result = await env.sdk.actions.executeTool({ toolName: 'c-legacy_srv_fetch-apify-docs', identifier: 'user_9', toolInput: { url: 'https://docs.example/b' } });
      expect(result.data).toEqual({ url: 'https://docs.example/b', text: 'docs of https://docs.example/b' });
      expect(up.calls.at(-1)).toEqual({ name: 'fetch-apify-docs', arguments: { url: 'https://docs.example/b' }, authorization: apiKey });
      const methods = up.posts.map((p) => p.method);
      // One session for the import (two pages), one per call; the era verdict spared later probes.
      expect(methods.filter((m) => m === 'server/discover')).toHaveLength(1);
      expect(methods.filter((m) => m === 'initialize')).toHaveLength(3);
      expect(methods.filter((m) => m === 'tools/list')).toHaveLength(2);
      expect(up.posts.every((p) => p.authorization === apiKey)).toBe(true);
      expect(up.sessions.ended).toHaveLength(3);
      expect(up.sessions.open).toBe(0);
    });

    it('an upstream the environment may no longer reach is refused by the egress guard before anything is sent', async () => {
      // Loopback is not public: once the environment stops allowing it, the SSRF guard refuses the connection.
      const cleared = await restCall(`${env.server.url}/api/v1/agent-auth/proxy-allowed-hosts`, { token: env.token, method: 'PUT', body: { hosts: [] } });
      expect(cleared.status).toBe(200);
      const sent = up.posts.length;
      const err = await rejectionOf(env.sdk.actions.executeTool({ toolName: 'c-legacy_srv_fetch-apify-docs', identifier: 'user_9', toolInput: { url: 'x' } }), ScalekitServerException);
      const e = err as unknown as ScalekitToolException;
      expect(e.errorCode).toBe('TOOL_ERROR');
      expect(e.toolErrorCode).toBe('PROXY_DESTINATION_REFUSED');
      expect(up.posts.length).toBe(sent);
      // A listing does not fail: the unreachable connector brings no tools.
      expect((await env.sdk.tools.listScopedTools('user_9', { filter: {} })).tools).toEqual([]);
      expect(up.posts.length).toBe(sent);
      expect(env.server.logs.join('\n')).not.toContain(apiKey);
    });
  });
}
