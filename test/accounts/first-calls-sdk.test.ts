import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Code, ConnectError, type Client } from '@connectrpc/connect';
import { ScalekitNotFoundException, ScalekitServerException } from '@scalekit-sdk/node';
import { ConnectedAccountService, ConnectorStatus } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connected_accounts/connected_accounts_pb.js';
import { DIALECTS, freshPostgresDatabase, startTestServer, type TestServer } from '../helpers/test-server.js';
import { environmentAccess, grpcClient, restCall, startAgentAuthEnv, type AgentAuthEnv, type EnvironmentAccess } from '../helpers/agent-auth-env.js';
import { STATIC_PROVIDERS, staticAuthDetails } from '../helpers/agent-auth-fixtures.js';
import { rejectionOf } from '../helpers/test-utils.js';
import { createConnection } from '../../src/modules/connections/connections.js';
import { createCustomProvider } from '../../src/modules/providers/custom/custom-providers.js';
import { readAccountCredentials } from '../../src/modules/accounts/account-credentials.js';
import { hashToken, newFlowSecret } from '../../src/modules/authorization/flow-secrets.js';
import { openStorage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { newId } from '../../src/storage/ids.js';

const NOT_VALID = 'auth request not found or no longer valid';
const howTo = (env: string) =>
  `user verification is not configured for environment '${env}', so OAuth authorization links cannot be issued; ` +
  `configure it with the CLI: \`npx latchkey verification set --env ${env} --mode custom\` (or \`--mode dashboard_users\` for internal testing), ` +
  'or with this environment\'s access token: PUT /api/v1/agent-auth/user-verification with body {"mode":"custom"}';

const sdkRejection = (p: Promise<unknown>) => rejectionOf(p, ScalekitServerException);
const grpcRejection = (p: Promise<unknown>) => rejectionOf(p, ConnectError);
const times = <T>(n: number, f: (i: number) => Promise<T>) => Promise.allSettled(Array.from({ length: n }, (_, i) => f(i)));
const fulfilled = <T>(rs: PromiseSettledResult<T>[]) => rs.filter((r): r is PromiseFulfilledResult<T> => r.status === 'fulfilled').map((r) => r.value);
const reasons = (rs: PromiseSettledResult<unknown>[]) => rs.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => String(r.reason));

for (const dialect of DIALECTS) {
  describe(`the SDK's first calls on a fresh server (${dialect.name})`, () => {
    let env: AgentAuthEnv;
    let prod: EnvironmentAccess;
    let grpc: Client<typeof ConnectedAccountService>;
    const rows = (identifier: string) => env.db.selectFrom('connected_accounts').selectAll().where('environment_id', '=', env.envId).where('identifier', '=', identifier).execute();

    beforeAll(async () => {
      env = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl });
      prod = await environmentAccess(env.server, 'production');
      grpc = grpcClient(ConnectedAccountService, env.server.url, () => env.token);
      for (const envId of [env.envId, prod.envId]) {
        await createConnection(env.db, env.vault, envId, { providerKey: 'gmail', connectionName: 'gmail', clientId: 'gmail-client', clientSecret: 'gmail-client-secret-value' });
      }
      await createCustomProvider(env.db, env.envId, STATIC_PROVIDERS.API_KEY);
      await createConnection(env.db, env.vault, env.envId, { providerKey: 'my_attention', connectionName: 'attention' });
      // The SDK fetches its token on the first call; later calls then start together.
      await env.sdk.actions.listConnectedAccounts({});
    });
    afterAll(async () => env?.server.close());

    it('development issues an OAuth link at once (dashboard_users); its page says how to sign in', async () => {
      const mode = (token: string) => restCall(`${env.server.url}/api/v1/agent-auth/user-verification`, { token }).then((r) => r.json);
      expect(await mode(env.token)).toEqual({ mode: 'dashboard_users' });
      expect(await mode(prod.token)).toEqual({ mode: null });

      const { link } = await env.sdk.actions.getAuthorizationLink({ connectionName: 'gmail', identifier: 'first@acme.test' });
      expect(link).toMatch(new RegExp(`^${env.server.url}/connect/l/[A-Za-z0-9_-]{43}$`));
      expect((await rows('first@acme.test')).map((r) => r.status)).toEqual(['PENDING_AUTH']);

      // Opened without an admin session: nothing goes to Google, the page names the command for this environment.
      const page = await fetch(link, { redirect: 'manual' });
      expect(page.status).toBe(403);
      const html = await page.text();
      expect(html).toContain('Administrator sign-in required');
      expect(html).toContain('<span class="code">npx latchkey admin login-link --env development</span>');
    });

    it('production refuses OAuth links until a mode is chosen, saying how (CLI and REST); choosing one works', async () => {
      const err = await sdkRejection(prod.sdk.actions.getAuthorizationLink({ connectionName: 'gmail', identifier: 'first@acme.test' }));
      expect(err.grpcStatus).toBe(Code.FailedPrecondition);
      expect(err.errorCode).toBe('USER_VERIFICATION_NOT_CONFIGURED');
      expect(err.message).toBe(`[failed_precondition] ${howTo('production')}`);

      const put = await restCall(`${env.server.url}/api/v1/agent-auth/user-verification`, { token: prod.token, method: 'PUT', body: { mode: 'custom' } });
      expect(put.json).toEqual({ mode: 'custom' });
      const { link } = await prod.sdk.actions.getAuthorizationLink({ connectionName: 'gmail', identifier: 'first@acme.test', userVerifyUrl: 'https://app.example.com/user/verify' });
      expect(link).toContain('/connect/l/');
    });

    it('50 concurrent getOrCreateConnectedAccount for a new identifier: 50 successes, one account', async () => {
      const results = await times(50, () => env.sdk.actions.getOrCreateConnectedAccount({ connectionName: 'gmail', identifier: 'crowd@acme.test' }));
      expect(reasons(results)).toEqual([]);
      const ids = new Set(fulfilled(results).map((r) => r.connectedAccount!.id));
      const stored = await rows('crowd@acme.test');
      expect(stored).toHaveLength(1);
      expect([...ids]).toEqual([stored[0].id]);
      expect(stored[0]).toMatchObject({ status: 'PENDING_AUTH', credentials_ciphertext: null, credentials_version: 0 });
    });

    it('50 concurrent getOrCreate with the same static credentials: one ACTIVE account holding them', async () => {
      const details = staticAuthDetails({ api_key: 'sk-attention-crowd-1' });
      const results = await times(50, () => env.sdk.actions.getOrCreateConnectedAccount({ connectionName: 'attention', identifier: 'crowd', authorizationDetails: details }));
      expect(reasons(results)).toEqual([]);
      const stored = await rows('crowd');
      expect(stored).toHaveLength(1);
      expect(new Set(fulfilled(results).map((r) => r.connectedAccount!.id))).toEqual(new Set([stored[0].id]));
      expect(stored[0].status).toBe('ACTIVE');
      expect(await readAccountCredentials(env.vault, stored[0])).toEqual({ kind: 'static', fields: { api_key: 'sk-attention-crowd-1' } });
    });

    it('50 concurrent CreateConnectedAccount (the race the SDK loses) all answer the row that won', async () => {
      const results = await times(50, () => grpc.createConnectedAccount({ connector: 'gmail', identifier: 'racer@acme.test', organizationId: 'org_acme' }));
      expect(reasons(results)).toEqual([]);
      const stored = await rows('racer@acme.test');
      expect(stored).toHaveLength(1);
      expect(stored[0].organization_id).toBe('org_acme');
      expect(new Set(fulfilled(results).map((r) => r.connectedAccount!.id))).toEqual(new Set([stored[0].id]));
    });

    it('a create asking for what the existing account lacks stays already_exists; one asking nothing more returns it', async () => {
      const first = await grpc.createConnectedAccount({
        connector: 'attention',
        identifier: 'holder',
        connectedAccount: { authorizationDetails: staticAuthDetails({ api_key: 'sk-holder-1' }) },
      });
      const same = await grpc.createConnectedAccount({ connector: 'attention', identifier: 'holder', connectedAccount: { authorizationDetails: staticAuthDetails({ api_key: 'sk-holder-1' }) } });
      expect(same.connectedAccount!.id).toBe(first.connectedAccount!.id);
      const bare = await grpc.createConnectedAccount({ connector: 'attention', identifier: 'holder' });
      expect(bare.connectedAccount).toMatchObject({ id: first.connectedAccount!.id, status: ConnectorStatus.ACTIVE });

      const refused = [
        [{ connector: 'attention', identifier: 'holder', connectedAccount: { authorizationDetails: staticAuthDetails({ api_key: 'sk-holder-2' }) } }, 'other credentials'],
        [{ connector: 'attention', identifier: 'holder', organizationId: 'org_other' }, 'another organization_id'],
        [{ connector: 'attention', identifier: 'holder', userId: 'usr_other' }, 'another user_id'],
        [{ connector: 'attention', identifier: 'holder', connectedAccount: { apiConfig: { region: 'eu' } } }, 'another api_config'],
        [{ connector: 'gmail', identifier: 'crowd@acme.test', connectedAccount: { authorizationDetails: { details: { case: 'oauthToken', value: { accessToken: 'at-1' } } } } }, 'no credentials in use (it is PENDING_AUTH)'],
      ] as const;
      for (const [req, why] of refused) {
        const err = await grpcRejection(grpc.createConnectedAccount(req));
        expect(err.code, why).toBe(Code.AlreadyExists);
        expect(err.rawMessage, why).toBe(
          `connection '${req.connector}' already has a connected account with identifier '${req.identifier}' (identifiers are unique per connection, whatever the organization_id / user_id) ` +
            `and this create asks for ${why}; update it instead`,
        );
      }
      const [holder] = await rows('holder');
      expect(holder).toMatchObject({ id: first.connectedAccount!.id, organization_id: null, user_id: null, api_config: '{}', credentials_version: 1 });
      expect(await readAccountCredentials(env.vault, holder)).toEqual({ kind: 'static', fields: { api_key: 'sk-holder-1' } });
      expect((await rows('crowd@acme.test'))[0]).toMatchObject({ status: 'PENDING_AUTH', credentials_ciphertext: null });
    });

    it(`verifyConnectedAccountUser answers NOT_FOUND '${NOT_VALID}' for unknown, malformed and used ids`, async () => {
      // A request verified already, as the flow leaves it.
      const account = (await rows('first@acme.test'))[0];
      const now = new Date().toISOString();
      const later = new Date(Date.now() + 600_000).toISOString();
      const usedId = `req_${newFlowSecret()}`;
      await env.db
        .insertInto('authorization_links')
        .values({ id: 'alink_used', environment_id: env.envId, account_id: account.id, token_hash: hashToken(newFlowSecret()), app_state: null, user_verify_url: null, expires_at: later, completed_at: now, created_at: now })
        .execute();
      await env.db
        .insertInto('authorization_requests')
        .values({ id: 'areq_used', environment_id: env.envId, link_id: 'alink_used', account_id: account.id, state_hash: null, verification_hash: hashToken(usedId), secrets_ciphertext: null, account_fields: '{}', status: 'COMPLETED', expires_at: later, completed_at: now, created_at: now })
        .execute();

      const cases = [
        [`req_${newFlowSecret()}`, 'AUTH_REQUEST_NOT_FOUND'],
        ['not-an-auth-request-id', 'AUTH_REQUEST_NOT_FOUND'],
        [usedId, 'AUTH_REQUEST_ALREADY_USED'],
      ] as const;
      for (const [authRequestId, reason] of cases) {
        const err = await sdkRejection(env.sdk.actions.verifyConnectedAccountUser({ authRequestId, identifier: 'first@acme.test' }));
        expect(err, authRequestId).toBeInstanceOf(ScalekitNotFoundException);
        expect(err.message).toBe(`[not_found] ${NOT_VALID}`);
        expect(err.errorCode).toBe(reason);
        expect((await grpcRejection(grpc.verifyConnectedAccountUser({ authRequestId, identifier: 'first@acme.test' }))).rawMessage).toBe(NOT_VALID);
      }
      // Another environment's id is unknown here.
      const elsewhere = await sdkRejection(prod.sdk.actions.verifyConnectedAccountUser({ authRequestId: usedId, identifier: 'first@acme.test' }));
      expect(elsewhere.errorCode).toBe('AUTH_REQUEST_NOT_FOUND');
    });
  });

  describe(`a database created before development got a default mode (${dialect.name})`, () => {
    const dirs: string[] = [];
    let servers: TestServer[] = [];
    afterAll(async () => {
      for (const s of servers) await s.close();
      for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    });

    /** A data directory (and PostgreSQL database) for servers started one after another on the same storage. */
    async function storageFor(): Promise<{ dataDir: string; databaseUrl?: string }> {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-existing-'));
      dirs.push(dataDir);
      return { dataDir, databaseUrl: dialect.databaseUrl ? await freshPostgresDatabase(dialect.databaseUrl) : undefined };
    }
    const start = async (s: { dataDir: string; databaseUrl?: string }) => {
      const server = await startTestServer({ env: { DATA_DIR: s.dataDir, ...(s.databaseUrl ? { DATABASE_URL: s.databaseUrl } : {}) } });
      servers.push(server);
      return server;
    };
    const stop = async (server: TestServer) => {
      await server.close();
      servers = servers.filter((s) => s !== server);
    };

    it('its development keeps refusing OAuth links, with the how-to for development', async () => {
      // What the previous release left: migrated, both environments, no settings.
      const s = await storageFor();
      const storage = await openStorage(s);
      await migrateToLatest(storage);
      for (const name of ['development', 'production']) {
        await storage.db.insertInto('environments').values({ id: newId('env'), name, created_at: new Date().toISOString() }).execute();
      }
      await storage.close();

      const server = await start(s);
      const dev = await environmentAccess(server, 'development');
      await createConnection(server.core.storage.db, server.core.vault, dev.envId, { providerKey: 'gmail', connectionName: 'gmail', clientId: 'cid', clientSecret: 'gmail-client-secret-value' });
      expect((await restCall(`${server.url}/api/v1/agent-auth/user-verification`, { token: dev.token })).json).toEqual({ mode: null });
      const err = await sdkRejection(dev.sdk.actions.getAuthorizationLink({ connectionName: 'gmail', identifier: 'old@acme.test' }));
      expect(err.grpcStatus).toBe(Code.FailedPrecondition);
      expect(err.message).toBe(`[failed_precondition] ${howTo('development')}`);
    });

    it('a restart keeps what the operator chose over the default', async () => {
      const s = await storageFor();
      const first = await start(s);
      const dev = await environmentAccess(first, 'development');
      const put = await restCall(`${first.url}/api/v1/agent-auth/user-verification`, { token: dev.token, method: 'PUT', body: { mode: 'custom' } });
      expect(put.json).toEqual({ mode: 'custom' });
      await stop(first);

      const second = await start(s);
      const again = await environmentAccess(second, 'development');
      expect((await restCall(`${second.url}/api/v1/agent-auth/user-verification`, { token: again.token })).json).toEqual({ mode: 'custom' });
      const settings = await second.core.storage.db.selectFrom('environment_settings').select('environment_id').execute();
      expect(settings.map((r) => r.environment_id)).toEqual([again.envId]);
    });
  });
}
