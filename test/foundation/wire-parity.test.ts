import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@connectrpc/connect';
import { createConnectTransport, createGrpcWebTransport } from '@connectrpc/connect-node';
import { OrganizationService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/organizations/organizations_pb.js';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { envAccessToken } from '../helpers/env-token.js';

for (const dialect of DIALECTS) {
  describe(`REST, Connect and gRPC-Web serve the same handlers (${dialect.name})`, () => {
    let server: TestServer;
    let token: string;
    const rest = (path: string, init: RequestInit = {}) =>
      fetch(server.url + path, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });

    beforeAll(async () => {
      server = await startTestServer({ databaseUrl: dialect.databaseUrl });
      token = await envAccessToken(server.url, await server.newClient());
    });
    afterAll(async () => server?.close());

    it('creates over REST and reads the same organization over Connect and gRPC-Web', async () => {
      const res = await rest('/api/v1/organizations', { method: 'POST', body: JSON.stringify({ display_name: 'Rest Co', external_id: 'rest-1', metadata: { a: '1' } }) });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { organization: Record<string, unknown> };
      expect(body.organization).toMatchObject({ display_name: 'Rest Co', external_id: 'rest-1', metadata: { a: '1' } });
      const id = body.organization.id as string;

      const interceptors = [(next: any) => (req: any) => { req.header.set('authorization', `Bearer ${token}`); return next(req); }];
      const connect = createClient(OrganizationService, createConnectTransport({ baseUrl: server.url, httpVersion: '1.1', interceptors }));
      const viaConnect = await connect.getOrganization({ identities: { case: 'id', value: id } });
      expect(viaConnect.organization?.displayName).toBe('Rest Co');
      expect(viaConnect.organization?.externalId).toBe('rest-1');

      const grpcWeb = createClient(OrganizationService, createGrpcWebTransport({ baseUrl: server.url, httpVersion: '1.1', interceptors }));
      const viaWeb = await grpcWeb.getOrganizationByExternalId({ identities: { case: 'externalId', value: 'rest-1' } });
      expect(viaWeb.organization?.id).toBe(id);

      const byExternal = await rest('/api/v1/organizations:external/rest-1');
      expect(((await byExternal.json()) as any).organization.id).toBe(id);

      const patched = await rest(`/api/v1/organizations/${id}`, { method: 'PATCH', body: JSON.stringify({ display_name: 'Rest Inc' }) });
      expect(((await patched.json()) as any).organization.display_name).toBe('Rest Inc');
      expect((await connect.getOrganization({ identities: { case: 'id', value: id } })).organization?.displayName).toBe('Rest Inc');

      const settings = await rest(`/api/v1/organizations/${id}/settings`, { method: 'PATCH', body: JSON.stringify({ features: [{ name: 'sso', enabled: true }] }) });
      expect(((await settings.json()) as any).organization.settings.features).toEqual([{ name: 'sso', enabled: true }]);

      const del = await rest(`/api/v1/organizations/${id}`, { method: 'DELETE' });
      expect(del.status).toBe(200);
      const gone = await rest(`/api/v1/organizations/${id}`);
      expect(gone.status).toBe(404);
      expect(await gone.json()).toMatchObject({ code: 'NOT_FOUND', details: [{ error_code: 'ORGANIZATION_NOT_FOUND' }] });
    });

    it('pages over REST with query parameters', async () => {
      for (let i = 0; i < 3; i++) await rest('/api/v1/organizations', { method: 'POST', body: JSON.stringify({ display_name: `Q${i}` }) });
      const first = (await (await rest('/api/v1/organizations?page_size=2')).json()) as any;
      expect(first.organizations).toHaveLength(2);
      expect(first.total_size).toBeGreaterThanOrEqual(3);
      const next = (await (await rest(`/api/v1/organizations?page_size=2&page_token=${first.next_page_token}`)).json()) as any;
      expect(next.organizations[0].id > first.organizations[1].id).toBe(true);
    });

    it('answers REST mistakes with a 4xx that names the problem', async () => {
      const unknownField = await rest('/api/v1/organizations', { method: 'POST', body: JSON.stringify({ display_name: 'x', colour: 'red' }) });
      expect(unknownField.status).toBe(400);
      expect(((await unknownField.json()) as any).message).toContain('colour');

      const wrongType = await rest('/api/v1/organizations', { method: 'POST', body: JSON.stringify({ display_name: 42 }) });
      expect(wrongType.status).toBe(400);
      expect(((await wrongType.json()) as any).message).toContain('display_name');

      const malformed = await rest('/api/v1/organizations', { method: 'POST', body: '{"display_name":' });
      expect(malformed.status).toBe(400);
      expect(((await malformed.json()) as any).message).toContain('not valid JSON');

      const badQuery = await rest('/api/v1/organizations?pagesize=2');
      expect(badQuery.status).toBe(400);
      expect(((await badQuery.json()) as any).message).toBe('pagesize is not a recognised query parameter');

      const badToken = await rest('/api/v1/organizations?page_token=garbage');
      expect(badToken.status).toBe(400);
      expect(((await badToken.json()) as any).message).toContain('page_token');

      const tooBig = await rest('/api/v1/organizations', { method: 'POST', body: JSON.stringify({ display_name: 'x'.repeat(2 * 1024 * 1024) }) });
      expect(tooBig.status).toBe(413);
      expect(((await tooBig.json()) as any).message).toContain('byte limit');

      const unknownRoute = await rest('/api/v1/nothing-here');
      expect(unknownRoute.status).toBe(404);
      expect(((await unknownRoute.json()) as any).message).toContain('/api/v1/nothing-here');

      const notApi = await fetch(server.url + '/nope');
      expect(notApi.status).toBe(404);
    });

    it('answers an unimplemented RPC with 501 naming it, and keeps serving', async () => {
      const res = await rest('/api/v1/organizations/org_1/directories');
      expect(res.status).toBe(501);
      expect(((await res.json()) as any).message).toBe('scalekit.v1.directories.DirectoryService.ListDirectories is not implemented');
      expect((await fetch(server.url + '/healthz')).status).toBe(200);
    });
  });
}
