import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js';
import { ConnectedAccountService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connected_accounts/connected_accounts_pb.js';
import { DIALECTS } from '../helpers/test-server.js';
import { grpcClient, startAgentAuthEnv, type AgentAuthEnv } from '../helpers/agent-auth-env.js';
import { connectionWithAccount, customProvider, staticAuthDetails } from '../helpers/agent-auth-fixtures.js';
import { rejectionOf, secret } from '../helpers/test-utils.js';
import { startEchoUpstream, type EchoUpstream, type UpstreamHandler } from '../fakes/echo-upstream.js';
import { createToolRegistry } from '../../src/modules/tools/registry/tool-registry.js';
import { TEST_TOOLS } from './execute-fixtures.js';

const items: UpstreamHandler = (_r, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ items: [{ id: 'it_1', title: 'one' }] }));
};

/**
 * A warm ExecuteTool reads no database (its account resolution is cached for 5 s, as the proxy's
 * targets and credentials are); writes made through this server reach those caches at once:
 * each step below calls again immediately, well inside the TTL.
 */
for (const dialect of DIALECTS) {
  describe(`ExecuteTool: caches follow this server's writes (${dialect.name})`, () => {
    let env: AgentAuthEnv;
    let up: EchoUpstream;
    const run = (identifier: string, connector?: string) =>
      env.sdk.tools.executeTool({ toolName: 'fake_list_items', identifier, connector, params: { query: 'q' } });

    beforeAll(async () => {
      up = await startEchoUpstream();
      up.respond(items);
      env = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl, allowHosts: ['127.0.0.1'], server: { tools: createToolRegistry(TEST_TOOLS) } });
      await customProvider(env.db, env.envId, 'fake_api', { type: 'BEARER', fields: [{ field_name: 'token', label: 'Token', input_type: 'password', required: true }] });
    });
    afterAll(async () => {
      await env?.server.close();
      await up?.close();
    });

    it('uses a rotated credential, then refuses a disconnected account, then a deleted one, on the very next call', async () => {
      const first = secret('tok1');
      const second = secret('tok2');
      const { account } = await connectionWithAccount(env, {
        providerKey: 'fake_api', connectionName: 'cache-creds', authType: 'BEARER', identifier: 'c1',
        credentials: { kind: 'static', fields: { domain: up.hostPort, token: first } },
      });
      await run('c1');
      await run('c1');
      expect(up.last().headers.authorization).toBe(`Bearer ${first}`);

      await env.sdk.actions.updateConnectedAccount({ connectedAccountId: account.id, authorizationDetails: staticAuthDetails({ domain: up.hostPort, token: second }) });
      await run('c1');
      expect(up.last().headers.authorization).toBe(`Bearer ${second}`);

      const before = up.requests.length;
      await grpcClient(ConnectedAccountService, env.server.url, () => env.token).disconnectConnectedAccount({ id: account.id });
      const revoked = await rejectionOf(run('c1'));
      expect(String(revoked.message)).toMatch(/not active|authorization link/i);
      expect(up.requests.length).toBe(before);

      await env.sdk.actions.deleteConnectedAccount({ connectedAccountId: account.id });
      const gone = await rejectionOf(run('c1'));
      expect(String(gone.message)).toContain("no connected account 'c1'");
    });

    it('refuses a connection disabled through the API on the very next call, and runs again once it is enabled', async () => {
      const { connection } = await connectionWithAccount(env, {
        providerKey: 'fake_api', connectionName: 'cache-toggle', authType: 'BEARER', identifier: 'c2',
        credentials: { kind: 'static', fields: { domain: up.hostPort, token: secret('tok3') } },
      });
      const connections = grpcClient(ConnectionService, env.server.url, () => env.token);
      await run('c2');
      await connections.disableEnvironmentConnection({ connectionId: connection.id });
      expect(String((await rejectionOf(run('c2'))).message)).toContain('disabled');
      await connections.enableEnvironmentConnection({ connectionId: connection.id });
      expect((await run('c2')).data).toEqual({ items: [{ id: 'it_1', title: 'one' }], next_cursor: null });
    });

    it('sees an account created through the API at once: an identifier-only call that became ambiguous says so', async () => {
      await connectionWithAccount(env, {
        providerKey: 'fake_api', connectionName: 'cache-amb-a', authType: 'BEARER', identifier: 'c3',
        credentials: { kind: 'static', fields: { domain: up.hostPort, token: secret('tok4') } },
      });
      await connectionWithAccount(env, { providerKey: 'fake_api', connectionName: 'cache-amb-b', authType: 'BEARER' });
      await run('c3');
      await env.sdk.actions.getOrCreateConnectedAccount({ connectionName: 'cache-amb-b', identifier: 'c3', authorizationDetails: staticAuthDetails({ domain: up.hostPort, token: secret('tok5') }) });
      const ambiguous = await rejectionOf(run('c3'));
      expect(String(ambiguous.message)).toContain('cache-amb-a, cache-amb-b');
      expect((await run('c3', 'cache-amb-b')).data).toBeTruthy();
    });
  });
}
