import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js';
import { DIALECTS } from '../helpers/test-server.js';
import { grpcClient, startAgentAuthEnv, type AgentAuthEnv } from '../helpers/agent-auth-env.js';
import { connectionWithAccount, customProvider, staticAuthDetails } from '../helpers/agent-auth-fixtures.js';
import { secret } from '../helpers/test-utils.js';
import { startEchoUpstream, type EchoUpstream } from '../fakes/echo-upstream.js';
import { errorBody, proxy } from './fixtures.js';

/**
 * Writes made through this server reach the Tool Proxy's caches (credentials and resolved targets,
 * 5 s TTL) at once: each step below calls again immediately, well inside the TTL.
 */
for (const dialect of DIALECTS) {
  describe(`tool proxy: caches follow this server's writes (${dialect.name})`, () => {
    let env: AgentAuthEnv;
    let up: EchoUpstream;

    beforeAll(async () => {
      up = await startEchoUpstream();
      env = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl, allowHosts: ['127.0.0.1'] });
      await customProvider(env.db, env.envId, 'cache_bearer', { type: 'BEARER', fields: [{ field_name: 'token', label: 'Token', input_type: 'password', required: true }] });
    });
    afterAll(async () => {
      await env?.server.close();
      await up?.close();
    });

    it('uses new credentials, then refuses a deleted account, on the very next call', async () => {
      const first = secret('tok1');
      const second = secret('tok2');
      const { account } = await connectionWithAccount(env, {
        providerKey: 'cache_bearer', connectionName: 'cache-creds', authType: 'BEARER', identifier: 'u1',
        credentials: { kind: 'static', fields: { domain: up.hostPort, token: first } },
      });
      expect((await proxy(env, { connectionName: 'cache-creds', identifier: 'u1', path: '/a' })).statusCode).toBe(200);
      expect(up.last().headers.authorization).toBe(`Bearer ${first}`);

      await env.sdk.actions.updateConnectedAccount({ connectedAccountId: account.id, authorizationDetails: staticAuthDetails({ domain: up.hostPort, token: second }) });
      expect((await proxy(env, { connectionName: 'cache-creds', identifier: 'u1', path: '/b' })).statusCode).toBe(200);
      expect(up.last().headers.authorization).toBe(`Bearer ${second}`);

      await env.sdk.actions.deleteConnectedAccount({ connectedAccountId: account.id });
      const gone = await proxy(env, { connectionName: 'cache-creds', identifier: 'u1', path: '/c' });
      expect(gone.statusCode).toBe(404);
      expect((await errorBody(gone)).details[0].error_code).toBe('CONNECTED_ACCOUNT_NOT_FOUND');
    });

    it('refuses a connection disabled through the API on the very next call, and serves it again once enabled', async () => {
      const { connection } = await connectionWithAccount(env, {
        providerKey: 'cache_bearer', connectionName: 'cache-toggle', authType: 'BEARER', identifier: 'u2',
        credentials: { kind: 'static', fields: { domain: up.hostPort, token: secret('tok3') } },
      });
      const connections = grpcClient(ConnectionService, env.server.url, () => env.token);
      expect((await proxy(env, { connectionName: 'cache-toggle', identifier: 'u2', path: '/a' })).statusCode).toBe(200);

      await connections.disableEnvironmentConnection({ connectionId: connection.id });
      const refused = await proxy(env, { connectionName: 'cache-toggle', identifier: 'u2', path: '/b' });
      expect(refused.statusCode).toBe(400);
      expect((await errorBody(refused)).details[0].error_code).toBe('CONNECTION_DISABLED');

      await connections.enableEnvironmentConnection({ connectionId: connection.id });
      expect((await proxy(env, { connectionName: 'cache-toggle', identifier: 'u2', path: '/c' })).statusCode).toBe(200);
    });
  });
}
