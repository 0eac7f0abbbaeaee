import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/test-server.js';
import { restCall, startAgentAuthEnv, type AgentAuthEnv } from '../helpers/agent-auth-env.js';
import { insertAccount, oauthCredentials } from '../helpers/agent-auth-fixtures.js';
import { startMcpAuthServer, type McpAuthServer } from '../fakes/mcp-upstream-auth.js';
import { startMcpUpstream, type McpUpstream } from '../fakes/mcp-upstream.js';
import { apifyTools } from './mcp-fixtures.js';
import { createConnection } from '../../src/modules/connections/connections.js';
import { createAuthorizationLink } from '../../src/modules/authorization/links.js';
import { setVerificationMode } from '../../src/modules/authorization/verification-mode.js';

const CLIENT = { clientId: 'latchkey-mcp-tests', clientSecret: 'mcp-tests-client-secret-41c9e2' };

for (const dialect of DIALECTS) {
  describe(`an MCP server as a connector, OAuth per the MCP authorization spec (${dialect.name})`, () => {
    let env: AgentAuthEnv;
    let oidc: McpAuthServer;
    let up: McpUpstream;
    let connectionId: string;
    /** Access tokens the MCP server treats as expired (it answers 401 to them). */
    const dead = new Set<string>();

    beforeAll(async () => {
      // The resource server accepts live tokens its authorization server issued for it (audience = its URL).
      up = await startMcpUpstream({
        scopesSupported: ['docs:read', 'offline_access'],
        authorize: async (h) => {
          const t = h?.replace(/^Bearer /, '');
          return !!t && !dead.has(t) && oidc.verify(t);
        },
      });
      oidc = await startMcpAuthServer({ ...CLIENT, resource: up.url, scope: 'docs:read' });
      up.authorizationServers = [oidc.issuer];
      up.tools = apifyTools();
      env = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl, allowHosts: ['127.0.0.1'] });
    });

    afterAll(async () => {
      await env?.server.close();
      await up?.close();
      await oidc?.close();
    });

    it("discovers the authorization server from the upstream's 401 (RFC 9728, then RFC 8414/OIDC) into a provider definition", async () => {
      const discovered = await restCall(`${env.server.url}/api/v1/agent-auth/mcp-connectors/discover`, { token: env.token, method: 'POST', body: { url: up.url, display_name: 'Docs MCP' } });
      expect(discovered.status, discovered.text).toBe(200);
      const definition = discovered.json.definition;
      expect(definition).toMatchObject({ kind: 'MCP', proxy_url: up.url, proxy_enabled: true });
      expect(definition.auth_patterns[0].oauth_config).toEqual({
        authorize_uri: oidc.authorizeUri,
        token_uri: oidc.tokenUri,
        user_info_uri: `${oidc.issuer}/me`,
        available_scopes: ['docs:read', 'offline_access'].map((scope) => ({ scope, required: false })),
        pkce: true,
        token_endpoint_auth_method: 'client_secret_post',
        authorize_params: { resource: up.url },
        token_request_params: { resource: up.url },
      });
      const created = await restCall(`${env.server.url}/api/v1/custom-providers`, { token: env.token, method: 'POST', body: { key: 'docs_mcp', ...definition } });
      expect(created.status, created.text).toBe(201);
      const connection = await createConnection(env.db, env.vault, env.envId, { providerKey: 'docs_mcp', connectionName: 'docsmcp', scopes: ['docs:read', 'offline_access'], ...CLIENT });
      connectionId = connection.id;
    });

    it('refuses a discovery request without a usable url, naming the field', async () => {
      for (const url of [undefined, 'ftp://mcp.example/x', 'http://mcp.example.com/mcp']) {
        const r = await restCall(`${env.server.url}/api/v1/agent-auth/mcp-connectors/discover`, { token: env.token, method: 'POST', body: { url } });
        expect(r.status).toBe(400);
        expect(r.text).toContain('url');
      }
    });

    it('the usual connected-account flow sends the user to that authorization server with PKCE and the resource indicator (RFC 8707)', async () => {
      await setVerificationMode(env.db, env.envId, 'custom');
      const { link } = await createAuthorizationLink(env.db, env.envId, env.server.url, { connector: 'docsmcp', identifier: 'alice', userVerifyUrl: 'https://app.example.test/user/verify' });
      const opened = await fetch(`${env.server.url}/connect/l/${link.split('/connect/l/')[1]}`, { redirect: 'manual' });
      expect(opened.status).toBe(303);
      const authorize = new URL(opened.headers.get('location')!);
      expect(`${authorize.origin}${authorize.pathname}`).toBe(oidc.authorizeUri);
      expect(authorize.searchParams.get('resource')).toBe(up.url);
      expect(authorize.searchParams.get('client_id')).toBe(CLIENT.clientId);
      expect(authorize.searchParams.get('scope')).toBe('docs:read offline_access');
      expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it("imports and runs the account's tools with its access token; an upstream 401 refreshes once and retries", async () => {
      const issued = await oidc.issueTokensFor('bob');
      await insertAccount(env.db, env.vault, { envId: env.envId, connectionId, authType: 'OAUTH', identifier: 'bob', credentials: oauthCredentials(issued) });
      const { tools } = await env.sdk.tools.listScopedTools('bob', { filter: { connectionNames: ['docsmcp'] } });
      expect(tools.map((t) => (t.tool?.definition as { name: string }).name)).toEqual(['c-docsmcp_call-actor', 'c-docsmcp_fetch-apify-docs', 'c-docsmcp_search-actors']);
      expect(up.posts.filter((p) => p.method === 'tools/list').every((p) => p.authorization === `Bearer ${issued.access_token}`)).toBe(true);

      // The access token expires upstream: the next call is refused once, refreshed, and sent again.
      dead.add(issued.access_token);
      up.calls.length = 0;
      const refreshesBefore = oidc.refreshes.length;
      const result = await env.sdk.actions.executeTool({ toolName: 'c-docsmcp_fetch-apify-docs', identifier: 'bob', toolInput: { url: 'https://docs.example/a' } });
      expect(result.data).toEqual({ url: 'https://docs.example/a', text: 'docs of https://docs.example/a' });
      // One refresh grant, naming the resource (RFC 8707), which the authorization server accepted.
      expect(oidc.refreshes.slice(refreshesBefore)).toEqual([{ ok: true, resource: up.url }]);
      expect(up.calls).toHaveLength(1);
      expect(up.calls[0].authorization).toMatch(/^Bearer /);
      expect(up.calls[0].authorization).not.toBe(`Bearer ${issued.access_token}`);
      const logs = env.server.logs.join('\n');
      expect(logs).not.toContain(issued.access_token);
      expect(logs).not.toContain(issued.refresh_token);
    });
  });
}
