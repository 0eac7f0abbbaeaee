import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Code, type Client, type ConnectError } from '@connectrpc/connect';
import { ScalekitClient, ScalekitNotFoundException, ScalekitServerException } from '@scalekit-sdk/node';
import { ConnectedAccountService, ConnectorStatus } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connected_accounts/connected_accounts_pb.js';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { environmentAccess, grpcClient, restCall } from '../helpers/agent-auth-env.js';
import { staticAuthDetails } from '../helpers/agent-auth-fixtures.js';
import { rejectionOf } from '../helpers/test-utils.js';
import { createConnection } from '../../src/modules/connections/connections.js';
import { createCustomProvider } from '../../src/modules/providers/custom/custom-providers.js';

/** gRPC calls reject with a ConnectError, SDK calls with a ScalekitServerException (say which). */
const rejection = <E extends Error = ConnectError>(p: Promise<unknown>) => rejectionOf<E>(p);

const KEYED = {
  display_name: 'Keyed API',
  auth_patterns: [{ type: 'API_KEY', display_name: 'API Key', fields: [{ field_name: 'api_key', label: 'API Key', input_type: 'password', required: true }] }],
  proxy_url: 'https://api.keyed.example',
  proxy_enabled: true,
};

for (const dialect of DIALECTS) {
  describe(`connected accounts: filters, guards, isolation, errors (${dialect.name})`, () => {
    let server: TestServer;
    let dev: ScalekitClient;
    let prod: ScalekitClient;
    let token: string;
    let grpc: Client<typeof ConnectedAccountService>;
    let envId: string;
    const ids: Record<string, string> = {};

    const db = () => server.core.storage.db;
    const rest = (path: string, init: { method?: string; body?: unknown } = {}) => restCall(server.url + path, { ...init, token });

    beforeAll(async () => {
      server = await startTestServer({ databaseUrl: dialect.databaseUrl });
      ({ envId, token, sdk: dev } = await environmentAccess(server, 'development'));
      prod = (await environmentAccess(server, 'production')).sdk;
      grpc = grpcClient(ConnectedAccountService, server.url, () => token);
      const v = server.core.vault;
      ids.gmail = (await createConnection(db(), v, envId, { providerKey: 'gmail' })).id;
      ids.gmailWork = (await createConnection(db(), v, envId, { providerKey: 'gmail', connectionName: 'gmail-work' })).id;
      ids.freshdesk = (await createConnection(db(), v, envId, { providerKey: 'freshdesk' })).id;
      await createCustomProvider(db(), envId, KEYED);
      ids.keyed = (await createConnection(db(), v, envId, { providerKey: 'keyed_api', connectionName: 'keyed' })).id;

      // Seven accounts: gmail ×4 (two organizations), gmail-work ×2, freshdesk ×1.
      const make = (connectionName: string, identifier: string, organizationId?: string, userId?: string) =>
        dev.actions.getOrCreateConnectedAccount({ connectionName, identifier, organizationId, userId });
      await make('gmail', 'alice@acme.test', 'org_acme', 'usr_alice');
      await make('gmail', 'bob@acme.test', 'org_acme', 'usr_bob');
      await make('gmail', 'carol@globex.test', 'org_globex', 'usr_carol');
      await make('gmail', 'dave_x@globex.test', 'org_globex');
      await make('gmail-work', 'alice@acme.test', 'org_acme', 'usr_alice');
      await make('gmail-work', 'erin@initech.test');
      await dev.actions.getOrCreateConnectedAccount({
        connectionName: 'freshdesk',
        identifier: 'support@acme.test',
        authorizationDetails: staticAuthDetails({ domain: 'acme.freshdesk.com', username: 'fd-key-123' }),
      });
    });
    afterAll(async () => server?.close());

    const identifiers = async (params: Parameters<ScalekitClient['actions']['listConnectedAccounts']>[0]) =>
      (await dev.actions.listConnectedAccounts(params)).connectedAccounts.map((a) => `${a.connector}:${a.identifier}`);

    it('filters by connection, provider, organization, user, identifier and query', async () => {
      expect(await identifiers({ connectionName: 'gmail-work' })).toEqual(['gmail-work:alice@acme.test', 'gmail-work:erin@initech.test']);
      expect(await identifiers({ connectionNames: ['gmail-work', 'freshdesk'] })).toEqual(['gmail-work:alice@acme.test', 'gmail-work:erin@initech.test', 'freshdesk:support@acme.test']);
      expect(await identifiers({ provider: 'FRESHDESK' })).toEqual(['freshdesk:support@acme.test']);
      expect((await identifiers({ provider: 'gmail' })).length).toBe(6);
      expect(await identifiers({ organizationId: 'org_globex' })).toEqual(['gmail:carol@globex.test', 'gmail:dave_x@globex.test']);
      expect(await identifiers({ userId: 'usr_alice' })).toEqual(['gmail:alice@acme.test', 'gmail-work:alice@acme.test']);
      expect(await identifiers({ identifier: 'alice@acme.test', connectionName: 'gmail' })).toEqual(['gmail:alice@acme.test']);
      expect(await identifiers({ query: 'ACME' })).toEqual(['gmail:alice@acme.test', 'gmail:bob@acme.test', 'gmail-work:alice@acme.test', 'freshdesk:support@acme.test']);
      // `_` is a literal, not a LIKE wildcard.
      expect(await identifiers({ query: 'e_x' })).toEqual(['gmail:dave_x@globex.test']);
      expect(await identifiers({ connectionName: 'no-such-connection' })).toEqual([]);

      const search = await grpc.searchConnectedAccounts({ query: 'alice', connectionId: ids.gmailWork });
      expect(search.connectedAccounts.map((a) => a.connector)).toEqual(['gmail-work']);
      expect(search.totalSize).toBe(1);
      const searchRest = await rest('/api/v1/connected_accounts:search?query=globex');
      expect(searchRest.json.connected_accounts.map((a: any) => a.identifier)).toEqual(['carol@globex.test', 'dave_x@globex.test']);
    });

    it('pages with next and previous tokens, total_size and a 100 page_size cap', async () => {
      const p1 = await dev.actions.listConnectedAccounts({ pageSize: 3 });
      expect(p1.totalSize).toBe(7);
      expect(p1.connectedAccounts.map((a) => a.identifier)).toEqual(['alice@acme.test', 'bob@acme.test', 'carol@globex.test']);
      expect(p1.prevPageToken).toBe('');
      const p2 = await dev.actions.listConnectedAccounts({ pageSize: 3, pageToken: p1.nextPageToken });
      expect(p2.connectedAccounts.map((a) => `${a.connector}:${a.identifier}`)).toEqual(['gmail:dave_x@globex.test', 'gmail-work:alice@acme.test', 'gmail-work:erin@initech.test']);
      const p3 = await dev.actions.listConnectedAccounts({ pageSize: 3, pageToken: p2.nextPageToken });
      expect(p3.connectedAccounts.map((a) => a.identifier)).toEqual(['support@acme.test']);
      expect(p3.nextPageToken).toBe('');
      const back = await dev.actions.listConnectedAccounts({ pageSize: 3, pageToken: p3.prevPageToken });
      expect(back.connectedAccounts.map((a) => a.id)).toEqual(p2.connectedAccounts.map((a) => a.id));
      // Filters and paging together.
      const gmail1 = await dev.actions.listConnectedAccounts({ connectionName: 'gmail', pageSize: 2 });
      expect(gmail1.totalSize).toBe(4);
      const gmail2 = await dev.actions.listConnectedAccounts({ connectionName: 'gmail', pageSize: 2, pageToken: gmail1.nextPageToken });
      expect(gmail2.connectedAccounts.map((a) => a.identifier)).toEqual(['carol@globex.test', 'dave_x@globex.test']);
      expect(gmail2.nextPageToken).toBe('');

      const tooBig = await rejection<ScalekitServerException>(dev.actions.listConnectedAccounts({ pageSize: 101 }));
      expect(tooBig.grpcStatus).toBe(Code.InvalidArgument);
      expect(tooBig.message).toContain('page_size must be at most 100');
      const badToken = await rest('/api/v1/connected_accounts?page_token=garbage');
      expect(badToken.status).toBe(400);
      expect(badToken.json.message).toContain('page_token is not a page token returned by this API');
    });

    it('addresses by connector + identifier with organization_id / user_id as filters', async () => {
      const alice = (await dev.actions.getConnectedAccount({ connectionName: 'gmail', identifier: 'alice@acme.test', organizationId: 'org_acme', userId: 'usr_alice' })).connectedAccount!;
      expect(alice.identifier).toBe('alice@acme.test');
      const wrongOrg = await rejection<ScalekitServerException>(dev.actions.getConnectedAccount({ connectionName: 'gmail', identifier: 'alice@acme.test', organizationId: 'org_globex' }));
      expect(wrongOrg).toBeInstanceOf(ScalekitNotFoundException);
      expect(wrongOrg.message).toContain("connected account 'gmail/alice@acme.test' was not found in this environment");
      // getOrCreate cannot make a second account for the identifier under another organization.
      const dup = await rejection<ScalekitServerException>(dev.actions.getOrCreateConnectedAccount({ connectionName: 'gmail', identifier: 'alice@acme.test', organizationId: 'org_globex' }));
      expect(dup.grpcStatus).toBe(Code.AlreadyExists);
      expect(dup.errorCode).toBe('CONNECTED_ACCOUNT_EXISTS');
      expect(dup.message).toContain("connection 'gmail' already has a connected account with identifier 'alice@acme.test'");
    });

    it('refuses to delete a connection with accounts, and (transitively) its custom provider', async () => {
      const k = await dev.actions.getOrCreateConnectedAccount({ connectionName: 'keyed', identifier: 'k1', authorizationDetails: staticAuthDetails({ api_key: 'sk-keyed-1' }) });
      expect(k.connectedAccount?.status).toBe(ConnectorStatus.ACTIVE);
      await dev.actions.getOrCreateConnectedAccount({ connectionName: 'keyed', identifier: 'k2' });

      const refused = await rest(`/api/v1/connections/${ids.keyed}`, { method: 'DELETE' });
      expect(refused.status).toBe(400);
      expect(refused.json).toMatchObject({
        code: 'FAILED_PRECONDITION',
        message: "connection 'keyed' cannot be deleted: 2 connected accounts use it; delete them first (DeleteConnectedAccount / POST /api/v1/connected_accounts:delete)",
        details: [expect.objectContaining({ error_code: 'CONNECTION_IN_USE' })],
      });
      const provider = await rest('/api/v1/custom-providers/keyed_api', { method: 'DELETE' });
      expect(provider.status).toBe(400);
      expect(provider.json.message).toContain("custom provider 'keyed_api' is used by connection(s) 'keyed'");

      await dev.actions.deleteConnectedAccount({ connectionName: 'keyed', identifier: 'k1' });
      const stillOne = await rest(`/api/v1/connections/${ids.keyed}`, { method: 'DELETE' });
      expect(stillOne.json.message).toContain('1 connected account uses it; delete it first');
      await dev.actions.deleteConnectedAccount({ connectionName: 'keyed', identifier: 'k2' });
      expect((await rest(`/api/v1/connections/${ids.keyed}`, { method: 'DELETE' })).status).toBe(200);
      expect((await rest('/api/v1/custom-providers/keyed_api', { method: 'DELETE' })).status).toBe(200);
    });

    it('keeps environments apart: production sees none of the development accounts', async () => {
      const devAccount = (await dev.actions.getConnectedAccount({ connectionName: 'gmail', identifier: 'bob@acme.test' })).connectedAccount!;
      const list = await prod.actions.listConnectedAccounts({ pageSize: 100 });
      expect(list.totalSize).toBe(0);
      expect(list.connectedAccounts).toEqual([]);
      const byId = await rejection<ScalekitServerException>(prod.actions.getConnectedAccount({ connectedAccountId: devAccount.id }));
      expect(byId).toBeInstanceOf(ScalekitNotFoundException);
      // Production has no 'gmail' connection: the name is unknown there, not the account.
      const byName = await rejection<ScalekitServerException>(prod.actions.getOrCreateConnectedAccount({ connectionName: 'gmail', identifier: 'bob@acme.test' }));
      expect(byName).toBeInstanceOf(ScalekitNotFoundException);
      expect(byName.message).toContain("connection 'gmail' was not found in this environment");
      expect(byName.errorCode).toBe('CONNECTION_NOT_FOUND');
      expect((await rejection<ScalekitServerException>(prod.actions.deleteConnectedAccount({ connectedAccountId: devAccount.id }))).grpcStatus).toBe(Code.NotFound);
      expect((await rejection<ScalekitServerException>(prod.actions.updateConnectedAccount({ connectedAccountId: devAccount.id, apiConfig: { hijacked: true } }))).grpcStatus).toBe(Code.NotFound);
      // Still there, untouched, for development.
      const untouched = (await dev.actions.getConnectedAccount({ connectedAccountId: devAccount.id })).connectedAccount!;
      expect(untouched.status).toBe(ConnectorStatus.PENDING_AUTH);
      expect(untouched.apiConfig).toEqual({});
    });

    it('answers bad input with errors naming the field', async () => {
      const noConnector = await rejection(grpc.createConnectedAccount({ identifier: 'x' }));
      expect(noConnector.code).toBe(Code.InvalidArgument);
      expect(noConnector.rawMessage).toBe('connector is required: the name of the connection the account belongs to (e.g. "gmail")');
      const noIdentifier = await rest('/api/v1/connected_accounts', { method: 'POST', body: { connector: 'gmail' } });
      expect(noIdentifier.status).toBe(400);
      expect(noIdentifier.json.message).toBe("identifier is required: your name for the account, such as the user's id or email");
      expect(noIdentifier.json.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ validation_error_info: { field_violations: [expect.objectContaining({ field: 'identifier' })] } })]),
      );
      const unknownConnection = await rejection<ScalekitServerException>(dev.actions.createConnectedAccount({ connectionName: 'gmial', identifier: 'x', authorizationDetails: undefined }));
      expect(unknownConnection.grpcStatus).toBe(Code.NotFound);
      expect(unknownConnection.message).toContain("connection 'gmial' was not found in this environment");
      const noAddress = await rejection(grpc.getConnectedAccountAuth({ connector: 'gmail' }));
      expect(noAddress.code).toBe(Code.InvalidArgument);
      expect(noAddress.rawMessage).toContain('identifier is required unless id is given');

      // Static details are checked against the connection's auth pattern (Freshdesk Basic Auth: domain, username).
      const missing = await rejection<ScalekitServerException>(
        dev.actions.createConnectedAccount({ connectionName: 'freshdesk', identifier: 'fd2', authorizationDetails: staticAuthDetails({ username: 'key' }) }),
      );
      expect(missing.grpcStatus).toBe(Code.InvalidArgument);
      expect(missing.message).toContain('connected_account.authorization_details.static_auth.details.domain is required by the Freshdesk Basic Auth pattern');
      const unknown = await rejection(grpc.createConnectedAccount({ connector: 'freshdesk', identifier: 'fd2', connectedAccount: { authorizationDetails: staticAuthDetails({ domain: 'a.freshdesk.com', username: 'k', api_key: 'k' }) } }));
      expect(unknown.rawMessage).toBe('connected_account.authorization_details.static_auth.details.api_key is not a field of the Freshdesk Basic Auth pattern (its fields: domain, username)');
      const notString = await rest('/api/v1/connected_accounts', {
        method: 'POST',
        body: { connector: 'freshdesk', identifier: 'fd2', connected_account: { authorization_details: { static_auth: { details: { domain: 'a.freshdesk.com', username: 42 } } } } },
      });
      expect(notString.status).toBe(400);
      expect(notString.json.message).toBe('connected_account.authorization_details.static_auth.details.username must be a string (got number)');
      const oauthOnStatic = await rejection(
        grpc.createConnectedAccount({
          connector: 'freshdesk',
          identifier: 'fd2',
          connectedAccount: { authorizationDetails: { details: { case: 'oauthToken', value: { accessToken: 'at' } } } },
        }),
      );
      expect(oauthOnStatic.rawMessage).toBe("connected_account.authorization_details.oauth_token is for OAUTH connections; connection 'freshdesk' is BASIC: send static_auth.details");
      const staticOnOauth = await rejection(dev.actions.updateConnectedAccount({ connectionName: 'gmail', identifier: 'bob@acme.test', authorizationDetails: staticAuthDetails({ token: 'x' }) }));
      expect(staticOnOauth.message).toContain("connected_account.authorization_details.static_auth is for static connections (BASIC, BEARER, API_KEY); connection 'gmail' is OAUTH");
      const noAccessToken = await rejection(
        grpc.updateConnectedAccount({ connector: 'gmail', identifier: 'bob@acme.test', connectedAccount: { authorizationDetails: { details: { case: 'oauthToken', value: { refreshToken: 'rt' } } } } }),
      );
      expect(noAccessToken.rawMessage).toBe('connected_account.authorization_details.oauth_token.access_token is required');
      // Nothing was written by the refused calls.
      expect(await db().selectFrom('connected_accounts').select('id').where('identifier', '=', 'fd2').execute()).toEqual([]);
      expect((await db().selectFrom('connected_accounts').select('status').where('identifier', '=', 'bob@acme.test').executeTakeFirstOrThrow()).status).toBe('PENDING_AUTH');

      // A create naming nothing the account lacks answers it unchanged (getOrCreate races, first-calls-sdk.test.ts); one with credentials for a PENDING_AUTH account does not.
      const again = await grpc.createConnectedAccount({ connector: 'gmail', identifier: 'bob@acme.test' });
      expect(again.connectedAccount?.identifier).toBe('bob@acme.test');
      const dup = await rejection(grpc.createConnectedAccount({ connector: 'gmail', identifier: 'bob@acme.test', connectedAccount: { authorizationDetails: { details: { case: 'oauthToken', value: { accessToken: 'at' } } } } }));
      expect(dup.code).toBe(Code.AlreadyExists);
      const thisGet = await rest('/api/v1/connected_accounts/this');
      expect(thisGet.status).toBe(400);
      expect(thisGet.json.message).toContain('The `this` form needs an end-user session');
    });

    it('answers Unimplemented for the portal redirect and the end-user (My*) calls', async () => {
      const redirect = await rejection(grpc.getRedirectUrl({}));
      expect(redirect.code).toBe(Code.Unimplemented);
      expect(redirect.rawMessage).toContain('GetRedirectUrl is not implemented: Latchkey has no hosted connected-accounts portal');
      const mine = await rejection(grpc.listMyAppConnections({}));
      expect(mine.code).toBe(Code.Unimplemented);
      const myRest = await rest('/api/v1/my-app-connections');
      expect(myRest.status).toBe(501);
      expect(myRest.json.message).toContain('ListMyAppConnections is not implemented');
    });
  });
}
