import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Code, ConnectError } from '@connectrpc/connect';
import { OrganizationService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/organizations/organizations_pb.js';
import { ConnectedAccountService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connected_accounts/connected_accounts_pb.js';
import { DIALECTS } from '../helpers/test-server.js';
import { grpcClient, restCall, startAgentAuthEnv, type AgentAuthEnv } from '../helpers/agent-auth-env.js';
import { createConnection } from '../../src/modules/connections/connections.js';
import { rpcError, violations } from '../helpers/wire-errors.js';

// PostgreSQL refuses U+0000 in text; every input carrying one is the caller's error on both dialects.
const NO_NUL = 'must not contain NUL (U+0000)';
const NO_CONTROL = 'must not contain control characters (U+0000-U+001F, U+007F)';



for (const dialect of DIALECTS) {
  describe(`NUL bytes in any input are invalid_argument naming the field, never a 500 (${dialect.name})`, () => {
    let env: AgentAuthEnv;
    const rest = (path: string, init: { method?: string; body?: unknown } = {}) => restCall(env.server.url + path, { ...init, token: env.token });
    const page = (path: string, init: RequestInit = {}) => fetch(env.server.url + path, { redirect: 'manual', ...init });

    beforeAll(async () => {
      env = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl });
      await createConnection(env.db, env.vault, env.envId, { providerKey: 'gmail', connectionName: 'gmail' });
    });
    afterAll(async () => env?.server.close());

    it('over the SDK, gRPC and Connect: strings, ids, map keys and values', async () => {
      const orgs = grpcClient(OrganizationService, env.server.url, () => env.token);
      const accounts = grpcClient(ConnectedAccountService, env.server.url, () => env.token);
      await expect(env.sdk.organization.createOrganization('Ac\u0000me')).rejects.toMatchObject({ grpcStatus: Code.InvalidArgument, message: expect.stringContaining(`organization.display_name ${NO_NUL}`) });
      for (const [call, message] of [
        [() => orgs.searchOrganization({ query: 'ac\u0000me' }), `query ${NO_NUL}`],
        [() => orgs.getOrganization({ identities: { case: 'id', value: 'org_\u0000' } }), `id ${NO_CONTROL}`],
        [() => orgs.getOrganization({ identities: { case: 'externalId', value: 'ext\u0000' } }), `external_id ${NO_CONTROL}`],
        [() => orgs.createOrganization({ organization: { displayName: 'ok', metadata: { 'k\u0000': 'v' } } }), `organization.metadata.k\\u0000 key ${NO_NUL}`],
        [() => orgs.createOrganization({ organization: { displayName: 'ok', metadata: { k: 'v\u0000' } } }), `organization.metadata.k ${NO_NUL}`],
        [() => accounts.listConnectedAccounts({ identifier: 'user\u0000' }), `identifier ${NO_CONTROL}`],
        [() => accounts.listConnectedAccounts({ connector: 'gmail', query: '\u0000' }), `query ${NO_NUL}`],
      ] as const) {
        const err = await rpcError(call());
        expect(err.code, message).toBe(Code.InvalidArgument);
        expect(err.rawMessage).toBe(message);
      }
      const connect = await fetch(`${env.server.url}/scalekit.v1.organizations.OrganizationService/CreateOrganization`, {
        method: 'POST',
        headers: { authorization: `Bearer ${env.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ organization: { displayName: 'a\u0000b' } }),
      });
      expect(connect.status).toBe(400);
      expect(await connect.json()).toMatchObject({ code: 'invalid_argument', message: `organization.display_name ${NO_NUL}` });
    });

    it('over REST: path parameters, query strings and JSON bodies, transcoded and plain routes alike', async () => {
      const cases: Array<[string, { method?: string; body?: unknown }, string, string]> = [
        ['/api/v1/organizations/org_%00x', {}, 'id', NO_CONTROL],
        ['/api/v1/organizations:search?query=ac%00me', {}, 'query', NO_NUL],
        ['/api/v1/organizations', { method: 'POST', body: { display_name: 'a\u0000' } }, 'organization.display_name', NO_NUL],
        ['/api/v1/connected_accounts?identifier=u%00', {}, 'identifier', NO_CONTROL],
        ['/api/v1/connections/conn_%00', {}, 'connection_id', NO_CONTROL],
        ['/api/v1/providers/gm%00ail', {}, 'identifier', NO_CONTROL],
        ['/api/v1/providers?page_token=%00', {}, 'page_token', NO_NUL],
        ['/api/v1/custom-providers', { method: 'POST', body: { identifier: 'acme', display_name: 'Ac\u0000me', auth_patterns: [] } }, 'display_name', NO_NUL],
        ['/api/v1/custom-providers', { method: 'POST', body: { identifier: 'acme', auth_patterns: [{ type: 'API_KEY', fields: [{ 'n\u0000': 1 }] }] } }, 'auth_patterns[0].fields[0].n\\u0000', `key ${NO_NUL}`],
        ['/api/v1/custom-providers/gm%00ail', { method: 'DELETE' }, 'identifier', NO_CONTROL],
        ['/api/v1/custom-providers/acme/promotion?from=dev%00x', {}, 'from', NO_NUL],
        ['/api/v1/agent-auth/proxy-allowed-hosts', { method: 'PUT', body: { hosts: ['ok.test', 'a\u0000b'] } }, 'hosts[1]', NO_NUL],
        ['/api/v1/agent-auth/user-verification', { method: 'PUT', body: { mode: 'custom\u0000' } }, 'mode', NO_NUL],
        ['/api/v1/agent-auth/proxy-audit?connection_name=gm%00ail', {}, 'connection_name', NO_CONTROL],
      ];
      for (const [path, init, field, description] of cases) {
        const res = await rest(path, init);
        expect(res.status, `${init.method ?? 'GET'} ${path}`).toBe(400);
        expect(res.json.code).toBe('INVALID_ARGUMENT');
        expect(violations(res.json), path).toContainEqual({ field, description });
      }
      // An anonymous caller still learns only that it must authenticate.
      expect((await restCall(`${env.server.url}/api/v1/providers/gm%00ail`, { token: null })).status).toBe(401);
    });

    it('on the hosted pages: link tokens, form fields and OAuth callback parameters', async () => {
      const form = { 'content-type': 'application/x-www-form-urlencoded' };
      for (const [path, init, field] of [
        ['/connect/l/lnk%00', {}, 'token'],
        ['/connect/l/lnk_x', { method: 'POST', headers: form, body: 'csrf_token=a%00b' }, 'csrf_token'],
        ['/connect/oauth/callback?state=s%00&code=c', {}, 'state'],
        ['/connect/oauth/callback?state=s&error=x&error_description=bad%00thing', {}, 'error_description'],
        ['/connect/admin/login/%00', {}, 'token'],
        ['/connect/admin/login/tok', { method: 'POST', headers: form, body: 'csrf_token=%00' }, 'csrf_token'],
        ['/connect/result/areq_%00', {}, 'id'],
      ] as const) {
        const res = await page(path, init);
        expect(res.status, path).toBe(400);
        expect(res.headers.get('content-type')).toContain('text/html');
        expect(await res.text(), path).toContain(`${field} ${NO_NUL}`);
      }
    });

    it('free text keeps tabs and newlines; identifiers refuse every control character', async () => {
      const created = await rest('/api/v1/organizations', { method: 'POST', body: { display_name: 'Acme\tCorp\nEU' } });
      expect(created.status).toBe(200);
      expect(created.json.organization.display_name).toBe('Acme\tCorp\nEU');
      const ext = await rest('/api/v1/organizations', { method: 'POST', body: { display_name: 'x', external_id: 'acme\n' } });
      expect(violations(ext.json)).toEqual([{ field: 'organization.external_id', description: NO_CONTROL }]);
    });

    it('stored nothing with a NUL, logged no unexpected error, and the token endpoint refuses NUL credentials as malformed', async () => {
      const token = await fetch(`${env.server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `grant_type=client_credentials&client_id=${env.client.clientId}%00&client_secret=s%00`,
      });
      expect(token.status).toBe(400);
      expect(await token.json()).toEqual({ error: 'invalid_request', error_description: `client_id ${NO_NUL}` });
      const orgs = await env.db.selectFrom('organizations').select('display_name').execute();
      expect(orgs.map((o) => o.display_name)).toEqual(['Acme\tCorp\nEU']);
      expect(env.server.logs.filter((l) => /unexpected error|"level":50/.test(l))).toEqual([]);
    });
  });
}
