import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Code, ConnectError, createClient, type Client } from '@connectrpc/connect';
import { createConnectTransport } from '@connectrpc/connect-node';
import { OrganizationService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/organizations/organizations_pb.js';
import { ConnectedAccountService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connected_accounts/connected_accounts_pb.js';
import { ConnectionService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js';
import { DIALECTS } from '../helpers/test-server.js';
import { grpcClient, restCall, startAgentAuthEnv, type AgentAuthEnv } from '../helpers/agent-auth-env.js';
import { insertAccount } from '../helpers/agent-auth-fixtures.js';
import { createConnection } from '../../src/modules/connections/connections.js';
import { rpcError, violations } from '../helpers/wire-errors.js';

const HUGE = 'a'.repeat(50_001);
// A GET's query string must fit Node's 16 KiB header limit, so REST searches send 5,000 characters.
const LONG_GET = 'a'.repeat(5_000);

const nested = (depth: number): unknown => (depth === 0 ? 'x' : { a: nested(depth - 1) });



for (const dialect of DIALECTS) {
  describe(`free-text inputs are bounded, searches match literally (${dialect.name})`, () => {
    let env: AgentAuthEnv;
    let orgs: Client<typeof OrganizationService>;
    let accounts: Client<typeof ConnectedAccountService>;
    let connections: Client<typeof ConnectionService>;
    let connectionId: string;
    const rest = (path: string, init: { method?: string; body?: unknown } = {}) => restCall(env.server.url + path, { ...init, token: env.token });

    beforeAll(async () => {
      env = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl });
      orgs = grpcClient(OrganizationService, env.server.url, () => env.token);
      accounts = grpcClient(ConnectedAccountService, env.server.url, () => env.token);
      connections = grpcClient(ConnectionService, env.server.url, () => env.token);
      connectionId = (await createConnection(env.db, env.vault, env.envId, { providerKey: 'gmail', connectionName: 'gmail' })).id;
    });
    afterAll(async () => env?.server.close());

    it('a 50,001-character query is invalid_argument naming query and its limit over the SDK, gRPC and Connect', async () => {
      const description = 'must be at most 256 characters';
      await expect(env.sdk.organization.searchOrganization(HUGE)).rejects.toMatchObject({ grpcStatus: Code.InvalidArgument, message: expect.stringContaining(`query ${description}`) });
      await expect(env.sdk.connectedAccounts.listConnectedAccounts({ query: HUGE })).rejects.toMatchObject({ grpcStatus: Code.InvalidArgument });
      for (const call of [
        () => accounts.searchConnectedAccounts({ query: HUGE }),
        () => accounts.listConnectedAccounts({ query: HUGE }),
        () => connections.listAppConnections({ query: HUGE }),
        () => orgs.searchOrganization({ query: HUGE }),
      ]) {
        const err = await rpcError(call());
        expect(err.code).toBe(Code.InvalidArgument);
        expect(err.rawMessage).toBe(`query ${description}`);
      }
      const interceptors = [(next: any) => (req: any) => { req.header.set('authorization', `Bearer ${env.token}`); return next(req); }];
      const connect = createClient(OrganizationService, createConnectTransport({ baseUrl: env.server.url, httpVersion: '1.1', interceptors }));
      expect((await rpcError(connect.searchOrganization({ query: HUGE }))).code).toBe(Code.InvalidArgument);
    });

    it('over REST, long search strings answer 400 with the field violation, and the limit itself is accepted', async () => {
      for (const path of ['/api/v1/organizations:search', '/api/v1/connected_accounts', '/api/v1/connected_accounts:search', '/api/v1/connections/app']) {
        const res = await rest(`${path}?query=${LONG_GET}`);
        expect(res.status, path).toBe(400);
        expect(res.json.code).toBe('INVALID_ARGUMENT');
        expect(violations(res.json)).toEqual([{ field: 'query', description: 'must be at most 256 characters' }]);
        expect((await rest(`${path}?query=${'a'.repeat(256)}`)).status, path).toBe(200);
      }
    });

    it('every other free-text input has a limit too, named in the error (bodies, nested fields, lists, maps, plain REST queries)', async () => {
      const cases: Array<[string, { method?: string; body?: unknown }, string, string]> = [
        ['/api/v1/organizations', { method: 'POST', body: { display_name: 'ok', external_id: 'x'.repeat(256) } }, 'organization.external_id', 'must be at most 255 characters'],
        ['/api/v1/organizations', { method: 'POST', body: { display_name: HUGE } }, 'organization.display_name', 'must be at most 200 characters'],
        ['/api/v1/organizations', { method: 'POST', body: { display_name: 'ok', metadata: { k: 'v'.repeat(1025) } } }, 'organization.metadata.k', 'must be at most 1024 characters'],
        ['/api/v1/organizations', { method: 'POST', body: { display_name: 'ok', logo_url: `https://x.test/${'a'.repeat(2048)}` } }, 'organization.logo_url', 'must be at most 2048 characters'],
        [`/api/v1/organizations/${'o'.repeat(65)}`, {}, 'id', 'must be at most 64 characters'],
        [`/api/v1/organizations?page_token=${'t'.repeat(513)}`, {}, 'page_token', 'must be at most 512 characters'],
        [`/api/v1/connected_accounts?identifier=${'i'.repeat(256)}`, {}, 'identifier', 'must be at most 255 characters'],
        [`/api/v1/connected_accounts?${Array.from({ length: 101 }, (_, i) => `connection_names=c${i}`).join('&')}`, {}, 'connection_names', 'must have at most 100 items'],
        ['/api/v1/connected_accounts', { method: 'POST', body: { connector: 'gmail', identifier: 'big', connected_account: { authorization_details: { oauth_token: { access_token: 't'.repeat(16_385) } } } } }, 'connected_account.authorization_details.oauth_token.access_token', 'must be at most 16384 characters'],
        ['/api/v1/connected_accounts/magic_link', { method: 'POST', body: { connector: 'gmail', identifier: 'u', state: 's'.repeat(1025) } }, 'state', 'must be at most 1024 characters'],
        [`/api/v1/agent-auth/proxy-audit?identifier=${'i'.repeat(1025)}`, {}, 'identifier', 'must be at most 255 characters'],
        ['/api/v1/connected_accounts', { method: 'POST', body: { connector: 'gmail', identifier: 'deep', connected_account: { api_config: nested(40) } } }, `connected_account.api_config${'.a'.repeat(33)}`, 'must not nest more than 32 levels deep'],
      ];
      for (const [path, init, field, description] of cases) {
        const res = await rest(path, init);
        expect(res.status, `${field} via ${path.slice(0, 60)}`).toBe(400);
        expect(violations(res.json), field).toContainEqual({ field, description });
      }
      // Over gRPC: a oneof is named by its case, a repeated message by its index.
      const settings = await rpcError(orgs.updateOrganizationSettings({ id: 'org_x', settings: { features: [{ name: 'n'.repeat(65), enabled: true }] } }));
      expect(settings.rawMessage).toBe('settings.features[0].name must be at most 64 characters');
      const byId = await rpcError(orgs.getOrganization({ identities: { case: 'externalId', value: HUGE } }));
      expect(byId.rawMessage).toBe('external_id must be at most 255 characters');
      // Nothing over a limit was stored.
      expect(await env.db.selectFrom('organizations').select('id').execute()).toEqual([]);
      expect(await env.db.selectFrom('connected_accounts').select('id').execute()).toEqual([]);
    });

    it('LIKE wildcards (%, _ and \\) in a query match literally', async () => {
      const names = ['Acme_Co', 'AcmeXCo', '100% Co', '1000 Co', 'Back\\Co', 'BackXCo'];
      for (const displayName of names) await env.sdk.organization.createOrganization(displayName);
      const search = async (query: string) => (await env.sdk.organization.searchOrganization(query)).organizations.map((o) => o.displayName).sort();
      expect(await search('e_C')).toEqual(['Acme_Co']);
      expect(await search('00%')).toEqual(['100% Co']);
      expect(await search('k\\C')).toEqual(['Back\\Co']);
      expect(await search('ACME')).toEqual(['AcmeXCo', 'Acme_Co']);

      const identifiers = ['user_1', 'userX1', '50%off', '50Xoff', 'a\\b', 'aXb'];
      const rows = new Map<string, string>();
      for (const identifier of identifiers) rows.set(identifier, (await insertAccount(env.db, env.vault, { envId: env.envId, connectionId, identifier })).id);
      const stored = await env.db.selectFrom('connected_accounts').select(['id', 'identifier']).where('environment_id', '=', env.envId).execute();
      expect(new Map(stored.map((r) => [r.identifier, r.id]))).toEqual(rows);
      const listed = async (query: string) => (await accounts.listConnectedAccounts({ query })).connectedAccounts.map((a) => a.id).sort();
      const searched = async (query: string) => (await accounts.searchConnectedAccounts({ query })).connectedAccounts.map((a) => a.id).sort();
      for (const [query, match] of [['r_1', 'user_1'], ['%', '50%off'], ['\\', 'a\\b']] as const) {
        expect(await listed(query), query).toEqual([rows.get(match)]);
        expect(await searched(query), query).toEqual([rows.get(match)]);
      }
      expect((await rest('/api/v1/connected_accounts?query=_1')).json.connected_accounts.map((a: any) => a.identifier)).toEqual(['user_1']);
    });
  });
}
