import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Code, ConnectError, type Client } from '@connectrpc/connect';
import type { ScalekitClient } from '@scalekit-sdk/node';
import { ConnectedAccountService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connected_accounts/connected_accounts_pb.js';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { environmentAccess, grpcClient, restCall } from '../helpers/agent-auth-env.js';
import { STATIC_PROVIDERS } from '../helpers/agent-auth-fixtures.js';
import { rejectionOf } from '../helpers/test-utils.js';
import { createConnection } from '../../src/modules/connections/connections.js';
import { createCustomProvider } from '../../src/modules/providers/custom/custom-providers.js';
import { hashToken } from '../../src/modules/authorization/flow-secrets.js';

const OAUTH_PROVIDER = {
  display_name: 'Example OAuth',
  auth_patterns: [
    {
      type: 'OAUTH',
      display_name: 'OAuth 2.0',
      fields: [],
      oauth_config: {
        authorize_uri: 'https://auth.example.test/authorize',
        token_uri: 'https://auth.example.test/token',
        available_scopes: [{ scope: 'read', required: true }],
      },
    },
  ],
  proxy_url: 'https://api.example.test',
  proxy_enabled: true,
};

const rejection = (p: Promise<unknown>) => rejectionOf(p, ConnectError);

for (const dialect of DIALECTS) {
  describe(`GetMagicLinkForConnectedAccount and the verification mode API (${dialect.name})`, () => {
    let server: TestServer;
    let token: string;
    let envId: string;
    let grpc: Client<typeof ConnectedAccountService>;
    let sdk: ScalekitClient;
    const db = () => server.core.storage.db;
    /** Status and JSON only, so tests can compare it whole; `auth: false` sends no token. */
    const rest = async (path: string, init: { method?: string; body?: unknown; auth?: boolean } = {}) => {
      const { status, json } = await restCall(server.url + path, { ...init, token: init.auth === false ? null : token });
      return { status, json };
    };

    beforeAll(async () => {
      server = await startTestServer({ databaseUrl: dialect.databaseUrl });
      ({ envId, token, sdk } = await environmentAccess(server));
      grpc = grpcClient(ConnectedAccountService, server.url, () => token);
      await createCustomProvider(db(), envId, OAUTH_PROVIDER);
      await createCustomProvider(db(), envId, STATIC_PROVIDERS.BEARER);
      await createConnection(db(), server.core.vault, envId, { providerKey: 'example_oauth', connectionName: 'example', clientId: 'cid', clientSecret: 'client-secret-value-123' });
      await createConnection(db(), server.core.vault, envId, { providerKey: 'example_oauth', connectionName: 'example-draft' });
      await createConnection(db(), server.core.vault, envId, { providerKey: 'my_bearer_token_provider', connectionName: 'bearer' });
    });
    afterAll(async () => server?.close());

    it('refuses OAuth links until user verification is configured, saying exactly how (failed_precondition)', async () => {
      // production starts with no mode (a new development starts in dashboard_users: first-calls-sdk.test.ts).
      const prod = await environmentAccess(server, 'production');
      await createCustomProvider(db(), prod.envId, OAUTH_PROVIDER);
      await createCustomProvider(db(), prod.envId, STATIC_PROVIDERS.BEARER);
      await createConnection(db(), server.core.vault, prod.envId, { providerKey: 'example_oauth', connectionName: 'example', clientId: 'cid', clientSecret: 'client-secret-value-123' });
      await createConnection(db(), server.core.vault, prod.envId, { providerKey: 'my_bearer_token_provider', connectionName: 'bearer' });
      const prodGrpc = grpcClient(ConnectedAccountService, server.url, () => prod.token);
      const err = await rejection(prodGrpc.getMagicLinkForConnectedAccount({ connector: 'example', identifier: 'u1', userVerifyUrl: 'https://app.example.com/user/verify' }));
      expect(err.code).toBe(Code.FailedPrecondition);
      expect(err.rawMessage).toBe(
        "user verification is not configured for environment 'production', so OAuth authorization links cannot be issued; " +
          'configure it with the CLI: `npx latchkey verification set --env production --mode custom` (or `--mode dashboard_users` for internal testing), ' +
          'or with this environment\'s access token: PUT /api/v1/agent-auth/user-verification with body {"mode":"custom"}',
      );
      // Static credentials need no verification.
      const ok = await prodGrpc.getMagicLinkForConnectedAccount({ connector: 'bearer', identifier: 'u1' });
      expect(ok.link).toMatch(new RegExp(`^${server.core.config.publicUrl}/connect/l/[A-Za-z0-9_-]{43}$`));
    });

    it('GET/PUT /api/v1/agent-auth/user-verification with the environment token', async () => {
      expect(await rest('/api/v1/agent-auth/user-verification')).toEqual({ status: 200, json: { mode: 'dashboard_users' } });
      expect((await rest('/api/v1/agent-auth/user-verification', { auth: false })).status).toBe(401);
      const bad = await rest('/api/v1/agent-auth/user-verification', { method: 'PUT', body: { mode: 'anyone' } });
      expect(bad.status).toBe(400);
      expect(bad.json.message).toContain("mode must be 'custom'");
      const extra = await rest('/api/v1/agent-auth/user-verification', { method: 'PUT', body: { mode: 'custom', strict: true } });
      expect(extra.status).toBe(400);
      expect(extra.json.message).toContain('strict is not a recognised field');
      expect(await rest('/api/v1/agent-auth/user-verification', { method: 'PUT', body: { mode: 'custom' } })).toEqual({ status: 200, json: { mode: 'custom' } });
      expect(await rest('/api/v1/agent-auth/user-verification')).toEqual({ status: 200, json: { mode: 'custom' } });
    });

    it("mode 'custom' requires user_verify_url (invalid_argument naming it), which must be https or loopback http", async () => {
      const missing = await rejection(grpc.getMagicLinkForConnectedAccount({ connector: 'example', identifier: 'u2' }));
      expect(missing.code).toBe(Code.InvalidArgument);
      expect(missing.rawMessage).toMatch(/^user_verify_url is required: this environment's user verification mode is 'custom'/);
      for (const url of ['http://app.example.com/user/verify', 'javascript:alert(1)', 'https://user:pw@app.example.com/v', 'not a url', 'https://app.example.com/v#x', 'ftp://127.0.0.1/v']) {
        const err = await rejection(grpc.getMagicLinkForConnectedAccount({ connector: 'example', identifier: 'u2', userVerifyUrl: url }));
        expect(err.code, url).toBe(Code.InvalidArgument);
        expect(err.rawMessage, url).toMatch(/^user_verify_url /);
      }
      for (const url of ['http://localhost:3000/user/verify', 'http://127.0.0.1/v', 'http://[::1]:8080/v', 'https://app.example.com/user/verify?tenant=1']) {
        const res = await grpc.getMagicLinkForConnectedAccount({ connector: 'example', identifier: 'u2', userVerifyUrl: url });
        expect(res.link, url).toContain('/connect/l/');
      }
    });

    it('the seed call shape: returns link and expiry (15 minutes), creates the account in PENDING_AUTH, stores only a hash', async () => {
      const before = Date.now();
      const res = await sdk.actions.getAuthorizationLink({ identifier: 'new-user', connectionName: 'example', userVerifyUrl: 'https://app.example.com/user/verify', state: 'app-state-1' });
      const expiry = Number(res.expiry!.seconds) * 1000;
      expect(expiry).toBeGreaterThanOrEqual(before + 15 * 60_000 - 2000);
      expect(expiry).toBeLessThanOrEqual(Date.now() + 15 * 60_000 + 2000);
      const token = res.link.split('/connect/l/')[1];
      const account = await db().selectFrom('connected_accounts').selectAll().where('identifier', '=', 'new-user').executeTakeFirstOrThrow();
      expect(account).toMatchObject({ status: 'PENDING_AUTH', auth_type: 'OAUTH', credentials_ciphertext: null });
      const link = await db().selectFrom('authorization_links').selectAll().where('account_id', '=', account.id).executeTakeFirstOrThrow();
      expect(link).toMatchObject({ token_hash: hashToken(token), app_state: 'app-state-1', user_verify_url: 'https://app.example.com/user/verify', completed_at: null });
      expect(JSON.stringify(link)).not.toContain(token);

      // By connected account id, too (the SDK's connectedAccountId).
      const byId = await sdk.actions.getAuthorizationLink({ connectedAccountId: account.id, userVerifyUrl: 'https://app.example.com/user/verify' });
      expect(byId.link).not.toBe(res.link);
      expect(await db().selectFrom('connected_accounts').select('id').where('identifier', '=', 'new-user').execute()).toHaveLength(1);
    });

    it('refuses unusable connections and bad input with actionable errors', async () => {
      const draft = await rejection(grpc.getMagicLinkForConnectedAccount({ connector: 'example-draft', identifier: 'u3', userVerifyUrl: 'https://app.example.com/v' }));
      expect(draft.code).toBe(Code.FailedPrecondition);
      expect(draft.rawMessage).toContain("connection 'example-draft' has no OAuth client yet");
      await server.core.storage.db.updateTable('connections').set({ enabled: 0 }).where('connection_name', '=', 'bearer').execute();
      const disabled = await rejection(grpc.getMagicLinkForConnectedAccount({ connector: 'bearer', identifier: 'u3' }));
      expect(disabled.rawMessage).toBe("connection 'bearer' is disabled; enable it before authorizing accounts");
      await server.core.storage.db.updateTable('connections').set({ enabled: 1 }).where('connection_name', '=', 'bearer').execute();

      const noConnector = await rejection(grpc.getMagicLinkForConnectedAccount({ identifier: 'u3' }));
      expect(noConnector.code).toBe(Code.InvalidArgument);
      expect(noConnector.rawMessage).toMatch(/^connector is required/);
      const noIdentifier = await rejection(grpc.getMagicLinkForConnectedAccount({ connector: 'bearer' }));
      expect(noIdentifier.rawMessage).toMatch(/^identifier is required/);
      const unknownConnection = await rejection(grpc.getMagicLinkForConnectedAccount({ connector: 'nope', identifier: 'u3' }));
      expect(unknownConnection.code).toBe(Code.NotFound);
      const unknownAccount = await rejection(grpc.getMagicLinkForConnectedAccount({ id: 'ca_doesnotexist' }));
      expect(unknownAccount.code).toBe(Code.NotFound);
      const longState = await rejection(grpc.getMagicLinkForConnectedAccount({ connector: 'bearer', identifier: 'u3', state: 'x'.repeat(1025) }));
      expect(longState.rawMessage).toBe('state must be at most 1024 characters');
    });

    it('VerifyConnectedAccountUser refuses unknown and malformed auth_request_ids and empty identifiers', async () => {
      const unknown = await rejection(grpc.verifyConnectedAccountUser({ authRequestId: 'req_xyz', identifier: 'u1' }));
      expect(unknown.code).toBe(Code.NotFound);
      expect(unknown.rawMessage).toBe('auth request not found or no longer valid');
      const empty = await rejection(grpc.verifyConnectedAccountUser({ authRequestId: '', identifier: 'u1' }));
      expect(empty.code).toBe(Code.InvalidArgument);
      expect(empty.rawMessage).toMatch(/^auth_request_id is required/);
      const noId = await rejection(grpc.verifyConnectedAccountUser({ authRequestId: 'req_abc', identifier: ' ' }));
      expect(noId.rawMessage).toMatch(/^identifier is required/);
    });
  });
}
