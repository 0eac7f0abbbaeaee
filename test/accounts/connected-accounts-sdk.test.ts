import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, toJson } from '@bufbuild/protobuf';
import type { Client } from '@connectrpc/connect';
import { ScalekitClient, ScalekitNotFoundException } from '@scalekit-sdk/node';
import {
  AuthorizationDetailsSchema,
  ConnectedAccountService,
  ConnectorStatus,
  ConnectorType,
  ListConnectedAccountsResponseSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connected_accounts/connected_accounts_pb.js';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { environmentAccess, grpcClient, restCall } from '../helpers/agent-auth-env.js';
import { accountRow, checkAuthorizationBeforeProxy, STATIC_PROVIDERS, staticAuthDetails } from '../helpers/agent-auth-fixtures.js';
import { secret } from '../helpers/test-utils.js';
import { createConnection } from '../../src/modules/connections/connections.js';
import { createCustomProvider } from '../../src/modules/providers/custom/custom-providers.js';
import { readAccountCredentials } from '../../src/modules/accounts/account-credentials.js';

for (const dialect of DIALECTS) {
  describe(`connected accounts through the SDK (${dialect.name})`, () => {
    let server: TestServer;
    let scalekit: ScalekitClient;
    let token: string;
    let grpc: Client<typeof ConnectedAccountService>;
    let envId: string;
    let gmailConnectionId: string;
    let attentionConnectionId: string;
    /** Every secret handed to the server, to prove none is stored or listed in clear. */
    const secrets: string[] = [];

    const db = () => server.core.storage.db;
    const rest = (path: string, init: { method?: string; body?: unknown } = {}) => restCall(server.url + path, { ...init, token });

    beforeAll(async () => {
      server = await startTestServer({ databaseUrl: dialect.databaseUrl });
      ({ envId, token, sdk: scalekit } = await environmentAccess(server));
      grpc = grpcClient(ConnectedAccountService, server.url, () => token);
      gmailConnectionId = (await createConnection(db(), server.core.vault, envId, { providerKey: 'gmail' })).id;
      // The Attention API_KEY payload from the auth-patterns seed, as a custom provider.
      await createCustomProvider(db(), envId, STATIC_PROVIDERS.API_KEY);
      attentionConnectionId = (await createConnection(db(), server.core.vault, envId, { providerKey: 'my_attention', connectionName: 'attention-key' })).id;
    });
    afterAll(async () => server?.close());

    it("runs the seed's getOrCreateConnectedAccount snippet: PENDING_AUTH, then the same account again", async () => {
      const identifier = 'user_123';
      await expect(checkAuthorizationBeforeProxy(scalekit, identifier)).rejects.toThrow('Connected account is not ACTIVE. Re-authorize the user.');

      const first = (await scalekit.actions.getOrCreateConnectedAccount({ connectionName: 'gmail', identifier })).connectedAccount!;
      expect(first.id).toMatch(/^ca_/);
      expect(first.status).toBe(ConnectorStatus.PENDING_AUTH);
      expect(first.identifier).toBe('user_123');
      expect(first.connector).toBe('gmail');
      expect(first.provider).toBe('gmail');
      expect(first.connectionId).toBe(gmailConnectionId);
      expect(first.authorizationType).toBe(ConnectorType.OAUTH);
      expect(first.authorizationDetails).toBeUndefined();
      expect(first.updatedAt).toBeDefined();

      const again = (await scalekit.actions.getOrCreateConnectedAccount({ connectionName: 'gmail', identifier })).connectedAccount!;
      expect(again.id).toBe(first.id);
      const rows = await db().selectFrom('connected_accounts').selectAll().where('identifier', '=', 'user_123').execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ status: 'PENDING_AUTH', auth_type: 'OAUTH', credentials_ciphertext: null, credentials_version: 0, connection_id: gmailConnectionId });
    });

    it('stores static credentials for an API_KEY custom provider sealed, and makes the account ACTIVE', async () => {
      const apiKey = secret('att');
      secrets.push(apiKey);
      const res = await scalekit.actions.getOrCreateConnectedAccount({
        connectionName: 'attention-key',
        identifier: 'static-user',
        authorizationDetails: staticAuthDetails({ api_key: apiKey }),
      });
      const a = res.connectedAccount!;
      expect(a.status).toBe(ConnectorStatus.ACTIVE);
      expect(a.authorizationType).toBe(ConnectorType.API_KEY);
      expect(a.provider).toBe('my_attention');
      expect(a.connector).toBe('attention-key');
      expect(a.connectionId).toBe(attentionConnectionId);
      // Create answers without the credentials it was just given.
      expect(a.authorizationDetails).toBeUndefined();

      const row = await accountRow(db(), a.id);
      expect(row.credentials_ciphertext).toMatch(/^v1\.dek_/);
      expect(JSON.stringify(row)).not.toContain(apiKey);
      expect(row.credentials_version).toBe(1);
      expect(await readAccountCredentials(server.core.vault, row)).toEqual({ kind: 'static', fields: { api_key: apiKey } });

      const got = (await scalekit.actions.getConnectedAccount({ connectionName: 'attention-key', identifier: 'static-user' })).connectedAccount!;
      expect(got.id).toBe(a.id);
      expect(got.authorizationDetails?.details).toEqual(expect.objectContaining({ case: 'staticAuth', value: expect.objectContaining({ details: { api_key: apiKey } }) }));
      // Same over REST, with the proto's snake_case names.
      const auth = await rest(`/api/v1/connected_accounts/auth?connector=attention-key&identifier=static-user`);
      expect(auth.status).toBe(200);
      expect(auth.json.connected_account).toMatchObject({
        id: a.id,
        status: 'ACTIVE',
        authorization_type: 'API_KEY',
        authorization_details: { static_auth: { details: { api_key: apiKey } } },
      });
    });

    it('getOrCreate with credentials on an existing account replaces them (same id, credentials_version bumped)', async () => {
      const pending = (await scalekit.actions.getOrCreateConnectedAccount({ connectionName: 'attention-key', identifier: 'later-user' })).connectedAccount!;
      expect(pending.status).toBe(ConnectorStatus.PENDING_AUTH);
      const k1 = secret('k1');
      const k2 = secret('k2');
      secrets.push(k1, k2);
      const active = (await scalekit.actions.getOrCreateConnectedAccount({ connectionName: 'attention-key', identifier: 'later-user', authorizationDetails: staticAuthDetails({ api_key: k1 }) }))
        .connectedAccount!;
      expect(active.id).toBe(pending.id);
      expect(active.status).toBe(ConnectorStatus.ACTIVE);
      expect((await accountRow(db(), pending.id)).credentials_version).toBe(1);

      await scalekit.actions.upsertConnectedAccount({ connectionName: 'attention-key', identifier: 'later-user', authorizationDetails: staticAuthDetails({ api_key: k2 }) });
      const row = await accountRow(db(), pending.id);
      expect(row.credentials_version).toBe(2);
      expect(await readAccountCredentials(server.core.vault, row)).toEqual({ kind: 'static', fields: { api_key: k2 } });
    });

    it("drops this process's cached credentials when an update or a disconnect changes them", async () => {
      const k1 = secret('c1');
      const k2 = secret('c2');
      secrets.push(k1, k2);
      const a = (await scalekit.actions.getOrCreateConnectedAccount({ connectionName: 'attention-key', identifier: 'cached-user', authorizationDetails: staticAuthDetails({ api_key: k1 }) }))
        .connectedAccount!;
      expect((await server.credentials.getUsable(envId, a.id)).credentials).toEqual({ kind: 'static', fields: { api_key: k1 } });
      await scalekit.actions.updateConnectedAccount({ connectedAccountId: a.id, authorizationDetails: staticAuthDetails({ api_key: k2 }) });
      const usable = await server.credentials.getUsable(envId, a.id);
      expect(usable.credentials).toEqual({ kind: 'static', fields: { api_key: k2 } });
      expect(usable.version).toBe(2);
      await grpc.disconnectConnectedAccount({ id: a.id });
      await expect(server.credentials.getUsable(envId, a.id)).rejects.toThrow(/DISCONNECTED/);
      await scalekit.actions.deleteConnectedAccount({ connectedAccountId: a.id });
    });

    it('takes OAuth tokens; update by id changes api_config and leaves credentials alone', async () => {
      const access = secret('ya29');
      const refresh = secret('1//rt');
      secrets.push(access, refresh);
      const created = (
        await scalekit.actions.createConnectedAccount({
          connectionName: 'gmail',
          identifier: 'oauth-user@example.com',
          authorizationDetails: create(AuthorizationDetailsSchema, {
            details: { case: 'oauthToken', value: { accessToken: access, refreshToken: refresh, scopes: ['openid', 'email', 'https://www.googleapis.com/auth/gmail.readonly'] } },
          }),
          organizationId: 'org_acme',
          userId: 'usr_42',
          apiConfig: { region: 'eu' },
        })
      ).connectedAccount!;
      expect(created.status).toBe(ConnectorStatus.ACTIVE);
      expect(created.apiConfig).toEqual({ region: 'eu' });
      const row = await accountRow(db(), created.id);
      expect(row).toMatchObject({ organization_id: 'org_acme', user_id: 'usr_42', scopes: JSON.stringify(['openid', 'email', 'https://www.googleapis.com/auth/gmail.readonly']) });
      expect(await readAccountCredentials(server.core.vault, row)).toEqual({ kind: 'oauth', access_token: access, refresh_token: refresh });

      const got = (await scalekit.actions.getConnectedAccount({ connectedAccountId: created.id })).connectedAccount!;
      expect(got.authorizationDetails?.details.case).toBe('oauthToken');
      expect(got.authorizationDetails?.details.value).toMatchObject({ accessToken: access, refreshToken: refresh, scopes: ['openid', 'email', 'https://www.googleapis.com/auth/gmail.readonly'] });

      const updated = (await scalekit.actions.updateConnectedAccount({ connectedAccountId: created.id, apiConfig: { region: 'us', retries: 3 } })).connectedAccount!;
      expect(updated.apiConfig).toEqual({ region: 'us', retries: 3 });
      expect(updated.status).toBe(ConnectorStatus.ACTIVE);
      expect((await accountRow(db(), created.id)).credentials_version).toBe(1);
      expect(await readAccountCredentials(server.core.vault, await accountRow(db(), created.id))).toEqual({ kind: 'oauth', access_token: access, refresh_token: refresh });
    });

    it('never lists credentials; Get and GetConnectedAccountDetails leave them out too', async () => {
      const list = await scalekit.actions.listConnectedAccounts({ pageSize: 100 });
      expect(list.totalSize).toBe(4);
      expect(list.connectedAccounts.map((a) => a.identifier)).toEqual(['user_123', 'static-user', 'later-user', 'oauth-user@example.com']);
      for (const a of list.connectedAccounts) expect(Object.keys(a)).not.toContain('authorizationDetails');
      const wire = JSON.stringify(toJson(ListConnectedAccountsResponseSchema, list));
      const restList = await rest('/api/v1/connected_accounts?page_size=100');
      expect(restList.status).toBe(200);
      expect(restList.json.total_size).toBe(4);
      const staticUser = restList.json.connected_accounts.find((a: any) => a.identifier === 'static-user');
      expect(staticUser).toMatchObject({ connector: 'attention-key', provider: 'my_attention', status: 'ACTIVE', authorization_type: 'API_KEY', connection_id: attentionConnectionId });
      expect(staticUser.authorization_details).toBeUndefined();

      const id = staticUser.id as string;
      const byId = await grpc.getConnectedAccount({ id });
      expect(byId.connectedAccount?.identifier).toBe('static-user');
      expect(byId.connectedAccount?.authorizationDetails).toBeUndefined();
      const details = await rest('/api/v1/connected_accounts/details?connector=attention-key&identifier=static-user');
      expect(details.status).toBe(200);
      expect(details.json.connected_account).toMatchObject({ id, status: 'ACTIVE' });
      expect(details.json.connected_account.authorization_details).toBeUndefined();
      const restGet = await rest(`/api/v1/connected_accounts/${id}`);
      expect(restGet.json.connected_account.id).toBe(id);

      for (const body of [wire, restList.text, details.text, restGet.text]) for (const s of secrets) expect(body).not.toContain(s);
    });

    it('disconnects through every binding: DISCONNECTED, credentials wiped; credentials reactivate it', async () => {
      const a = (await scalekit.actions.getConnectedAccount({ connectionName: 'attention-key', identifier: 'static-user' })).connectedAccount!;
      const before = await accountRow(db(), a.id);
      const res = await grpc.disconnectConnectedAccount({ id: a.id });
      expect(res.connectedAccount?.status).toBe(ConnectorStatus.DISCONNECTED);
      expect(res.connectedAccount?.authorizationDetails).toBeUndefined();
      const row = await accountRow(db(), a.id);
      expect(row.status).toBe('DISCONNECTED');
      expect(row.credentials_ciphertext).toBeNull();
      expect(row.credentials_version).toBe(before.credentials_version + 1);
      const after = (await scalekit.actions.getConnectedAccount({ connectedAccountId: a.id })).connectedAccount!;
      expect(after.status).toBe(ConnectorStatus.DISCONNECTED);
      expect(after.authorizationDetails).toBeUndefined();

      const k = secret('again');
      secrets.push(k);
      const back = (await scalekit.actions.getOrCreateConnectedAccount({ connectionName: 'attention-key', identifier: 'static-user', authorizationDetails: staticAuthDetails({ api_key: k }) }))
        .connectedAccount!;
      expect(back.id).toBe(a.id);
      expect(back.status).toBe(ConnectorStatus.ACTIVE);

      // REST: POST /{id}:disconnect, /-:disconnect and /this:disconnect (id in the body).
      const byPath = await rest(`/api/v1/connected_accounts/${a.id}:disconnect`, { method: 'POST', body: {} });
      expect(byPath.status).toBe(200);
      expect(byPath.json.connected_account).toMatchObject({ id: a.id, status: 'DISCONNECTED' });
      const gmail = (await scalekit.actions.getConnectedAccount({ connectionName: 'gmail', identifier: 'oauth-user@example.com' })).connectedAccount!;
      const dash = await rest('/api/v1/connected_accounts/-:disconnect', { method: 'POST', body: { id: gmail.id } });
      expect(dash.status).toBe(200);
      expect(dash.json.connected_account).toMatchObject({ id: gmail.id, status: 'DISCONNECTED', connector: 'gmail' });
      expect((await accountRow(db(), gmail.id)).credentials_ciphertext).toBeNull();
      const later = (await scalekit.actions.getConnectedAccount({ connectionName: 'attention-key', identifier: 'later-user' })).connectedAccount!;
      const self = await rest('/api/v1/connected_accounts/this:disconnect', { method: 'POST', body: { id: later.id } });
      expect(self.status).toBe(200);
      expect(self.json.connected_account.status).toBe('DISCONNECTED');
      const noId = await rest('/api/v1/connected_accounts/this:disconnect', { method: 'POST', body: {} });
      expect(noId.status).toBe(400);
      expect(noId.json.message).toContain("id is required: the connected account's id (ca_…)");
    });

    it('deletes by connector + identifier and by id, with its authorization links and requests', async () => {
      const a = (await scalekit.actions.getConnectedAccount({ connectionName: 'gmail', identifier: 'user_123' })).connectedAccount!;
      const now = new Date().toISOString();
      const later = new Date(Date.now() + 600_000).toISOString();
      await db().insertInto('authorization_links').values({ id: 'al_test1', environment_id: envId, account_id: a.id, token_hash: 'h1', app_state: null, user_verify_url: null, expires_at: later, completed_at: null, created_at: now }).execute();
      await db()
        .insertInto('authorization_requests')
        .values({ id: 'ar_test1', environment_id: envId, link_id: 'al_test1', account_id: a.id, state_hash: 's1', verification_hash: null, secrets_ciphertext: null, account_fields: '{}', status: 'PENDING', expires_at: later, completed_at: null, created_at: now })
        .execute();

      await scalekit.actions.deleteConnectedAccount({ connectionName: 'gmail', identifier: 'user_123' });
      expect(await db().selectFrom('connected_accounts').select('id').where('id', '=', a.id).executeTakeFirst()).toBeUndefined();
      expect(await db().selectFrom('authorization_links').select('id').where('account_id', '=', a.id).execute()).toEqual([]);
      expect(await db().selectFrom('authorization_requests').select('id').where('account_id', '=', a.id).execute()).toEqual([]);
      const gone = await scalekit.actions.getConnectedAccount({ connectedAccountId: a.id }).catch((e: unknown) => e);
      expect(gone).toBeInstanceOf(ScalekitNotFoundException);
      expect((gone as ScalekitNotFoundException).errorCode).toBe('CONNECTED_ACCOUNT_NOT_FOUND');

      const b = (await scalekit.actions.getConnectedAccount({ connectionName: 'attention-key', identifier: 'later-user' })).connectedAccount!;
      await scalekit.actions.deleteConnectedAccount({ connectedAccountId: b.id });
      const again = await scalekit.actions.deleteConnectedAccount({ connectedAccountId: b.id }).catch((e: unknown) => e);
      expect(again).toBeInstanceOf(ScalekitNotFoundException);
      expect((again as Error).message).toContain(`connected account '${b.id}' was not found in this environment`);
      // Over REST: POST /api/v1/connected_accounts:delete.
      const del = await rest('/api/v1/connected_accounts:delete', { method: 'POST', body: { connector: 'gmail', identifier: 'oauth-user@example.com' } });
      expect(del.status).toBe(200);
      expect((await scalekit.actions.listConnectedAccounts()).connectedAccounts.map((x) => x.identifier)).toEqual(['static-user']);
    });
  });
}
