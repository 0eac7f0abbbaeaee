import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Code } from '@connectrpc/connect';
import { ScalekitServerException, type ScalekitToolException } from '@scalekit-sdk/node';
import { DIALECTS } from '../helpers/test-server.js';
import { startAgentAuthEnv, type AgentAuthEnv } from '../helpers/agent-auth-env.js';
import { accountRow, insertAccount, oauthCredentials } from '../helpers/agent-auth-fixtures.js';
import { startRefreshUpstream, upstreamOAuthConnection } from '../helpers/oauth-upstream-fixtures.js';
import { rejectionOf } from '../helpers/test-utils.js';
import { echoJson, startEchoUpstream, type EchoUpstream } from '../fakes/echo-upstream.js';
import type { OidcUpstream } from '../fakes/oidc-upstream.js';
import { readAccountCredentials } from '../../src/modules/accounts/account-credentials.js';
import { createToolRegistry } from '../../src/modules/tools/registry/tool-registry.js';
import { TEST_TOOLS } from './execute-fixtures.js';

for (const dialect of DIALECTS) {
  describe(`ExecuteTool on an OAuth account: a provider 401 refreshes and retries once (${dialect.name})`, () => {
    let oidc: OidcUpstream;
    let api: EchoUpstream;
    let env: AgentAuthEnv;
    let connectionId: string;
    /** Access tokens the fake API treats as revoked. */
    const dead = new Set<string>();
    let alwaysUnauthorized = false;

    async function staleAccount(identifier: string) {
      const issued = await oidc.issueTokensFor(identifier);
      dead.add(issued.access_token);
      const row = await insertAccount(env.db, env.vault, {
        envId: env.envId, connectionId, authType: 'OAUTH', identifier, credentials: oauthCredentials(issued), accountFields: { domain: api.hostPort },
      });
      return { row, issued };
    }

    beforeAll(async () => {
      oidc = await startRefreshUpstream();
      api = await startEchoUpstream();
      api.respond((r, res) => {
        const token = String(r.headers.authorization ?? '').replace(/^Bearer /, '');
        if (alwaysUnauthorized || dead.has(token)) {
          res.writeHead(401, { 'content-type': 'application/json' });
          res.end('{"error":"invalid_token"}');
        } else echoJson(r, res);
      });
      env = await startAgentAuthEnv({
        databaseUrl: dialect.databaseUrl, allowHosts: ['127.0.0.1'], env: { UPSTREAM_CA_FILE: oidc.cert.certFile }, server: { tools: createToolRegistry(TEST_TOOLS) },
      });
      connectionId = await upstreamOAuthConnection(env.db, env.vault, env.envId, oidc, { key: 'fake_oidc_api', connectionName: 'oidc-api', proxyUrl: 'https://{{domain}}/base' });
    });

    afterAll(async () => {
      await env?.server.close();
      await api?.close();
      await oidc?.close();
    });

    it('the 401 triggers one refresh and one retry with the new token; the caller gets the data', async () => {
      const { row, issued } = await staleAccount('tool-refresh');
      api.requests.length = 0;
      const refreshesBefore = oidc.refreshes.length;
      const result = await env.sdk.actions.executeTool({ toolName: 'fake_oidc_api_whoami', identifier: 'tool-refresh', toolInput: {} });
      expect(result.data).toEqual({ url: '/base/v1/me' });
      expect(api.requests).toHaveLength(2);
      expect(api.requests[0].headers.authorization).toBe(`Bearer ${issued.access_token}`);
      const creds = await readAccountCredentials(env.vault, await accountRow(env.db, row.id));
      const fresh = creds?.kind === 'oauth' ? creds.access_token : '';
      expect(fresh).not.toBe(issued.access_token);
      expect(api.requests[1].headers.authorization).toBe(`Bearer ${fresh}`);
      expect(oidc.refreshes.slice(refreshesBefore).map((r) => r.ok)).toEqual([true]);
    });

    it('a second 401 after the refresh is a TOOL_ERROR (Unauthenticated, not retried by the SDK) and the account becomes EXPIRED', async () => {
      const { row } = await staleAccount('tool-revoked');
      alwaysUnauthorized = true;
      try {
        api.requests.length = 0;
        const err = (await rejectionOf(
          env.sdk.actions.executeTool({ toolName: 'fake_oidc_api_whoami', identifier: 'tool-revoked', toolInput: {} }),
          ScalekitServerException as never,
        )) as unknown as ScalekitToolException & ScalekitServerException;
        expect(err.grpcStatus).toBe(Code.Unauthenticated);
        expect(err.errorCode).toBe('TOOL_ERROR');
        expect(err.toolErrorCode).toBe('invalid_token');
        expect(api.requests).toHaveLength(2);
        expect((await accountRow(env.db, row.id)).status).toBe('EXPIRED');

        // The next call is refused before reaching the provider, naming the status and the fix.
        const next = (await rejectionOf(
          env.sdk.actions.executeTool({ toolName: 'fake_oidc_api_whoami', identifier: 'tool-revoked', toolInput: {} }),
          ScalekitServerException as never,
        )) as unknown as ScalekitServerException;
        expect(next.grpcStatus).toBe(Code.FailedPrecondition);
        expect(next.message).toContain('EXPIRED');
        expect(api.requests).toHaveLength(2);
      } finally {
        alwaysUnauthorized = false;
      }
    });
  });
}
