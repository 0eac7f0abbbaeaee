import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScalekitClient } from '@scalekit-sdk/node';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';

for (const dialect of DIALECTS) {
  describe(`organizations through the official SDK (${dialect.name})`, () => {
    let server: TestServer;
    let sdk: ScalekitClient;
    let secret: string;

    beforeAll(async () => {
      server = await startTestServer({ databaseUrl: dialect.databaseUrl });
      const client = await server.newClient();
      secret = client.clientSecret;
      sdk = new ScalekitClient(server.url, client.clientId, client.clientSecret);
    });
    afterAll(async () => server?.close());

    it('fetches a token on the first call and runs CRUD', async () => {
      const created = await sdk.organization.createOrganization('Acme Corp', { externalId: 'acme-1' });
      expect(created.organization?.displayName).toBe('Acme Corp');
      expect(created.organization?.id).toMatch(/^org_/);
      const id = created.organization!.id;

      const got = await sdk.organization.getOrganization(id);
      expect(got.organization?.externalId).toBe('acme-1');
      const byExt = await sdk.organization.getOrganizationByExternalId('acme-1');
      expect(byExt.organization?.id).toBe(id);

      const updated = await sdk.organization.updateOrganization(id, { displayName: 'Acme Inc', metadata: { tier: 'gold' } });
      expect(updated.organization?.displayName).toBe('Acme Inc');
      expect(updated.organization?.metadata).toEqual({ tier: 'gold' });

      const withSettings = await sdk.organization.updateOrganizationSettings(id, { features: [{ name: 'sso', enabled: true }] });
      expect(withSettings.organization?.settings?.features).toEqual([expect.objectContaining({ name: 'sso', enabled: true })]);
      const again = await sdk.organization.updateOrganizationSettings(id, { features: [{ name: 'dir_sync', enabled: false }] });
      expect(again.organization?.settings?.features?.map((f) => [f.name, f.enabled])).toEqual([['sso', true], ['dir_sync', false]]);

      await sdk.organization.deleteOrganization(id);
      await expect(sdk.organization.getOrganization(id)).rejects.toMatchObject({ grpcStatus: 5, errorCode: 'ORGANIZATION_NOT_FOUND' });
    });

    it('pages forward and back with page tokens and reports the total', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) ids.push((await sdk.organization.createOrganization(`Paged ${i}`)).organization!.id);
      const first = await sdk.organization.listOrganization({ pageSize: 3 });
      expect(first.organizations.map((o) => o.id)).toEqual(ids.slice(0, 3));
      expect(first.totalSize).toBe(7);
      expect(first.prevPageToken).toBe('');
      const second = await sdk.organization.listOrganization({ pageSize: 3, pageToken: first.nextPageToken });
      expect(second.organizations.map((o) => o.id)).toEqual(ids.slice(3, 6));
      const third = await sdk.organization.listOrganization({ pageSize: 3, pageToken: second.nextPageToken });
      expect(third.organizations.map((o) => o.id)).toEqual(ids.slice(6));
      expect(third.nextPageToken).toBe('');
      const back = await sdk.organization.listOrganization({ pageSize: 3, pageToken: third.prevPageToken });
      expect(back.organizations.map((o) => o.id)).toEqual(ids.slice(3, 6));
      for (const id of ids) await sdk.organization.deleteOrganization(id);
    });

    it('searches by name', async () => {
      const a = await sdk.organization.createOrganization('Zebra Logistics');
      await sdk.organization.createOrganization('Other Co');
      const res = await sdk.organization.searchOrganization('zebra');
      expect(res.organizations.map((o) => o.id)).toEqual([a.organization!.id]);
    });

    it('refuses a duplicate external id and a blank name, naming the field', async () => {
      await sdk.organization.createOrganization('Dup', { externalId: 'dup-1' });
      await expect(sdk.organization.createOrganization('Dup 2', { externalId: 'dup-1' })).rejects.toMatchObject({
        grpcStatus: 6,
        message: expect.stringContaining("external_id 'dup-1' already exists"),
      });
      await expect(sdk.organization.createOrganization('  ')).rejects.toMatchObject({
        grpcStatus: 3,
        message: expect.stringContaining('organization.display_name is required'),
      });
    });

    it('answers a wrong secret with a clear invalid_client error', async () => {
      const bad = new ScalekitClient(server.url, (await server.newClient()).clientId, 'lk_sec_wrong');
      const err = await bad.organization.listOrganization().catch((e) => e);
      expect(err.response?.status).toBe(401);
      expect(err.response?.data).toEqual({ error: 'invalid_client', error_description: expect.stringContaining('wrong client_secret') });
    });

    it('keeps environments apart', async () => {
      const prod = await server.newClient('production');
      const prodSdk = new ScalekitClient(server.url, prod.clientId, prod.clientSecret);
      const devOrg = await sdk.organization.createOrganization('Dev only');
      await expect(prodSdk.organization.getOrganization(devOrg.organization!.id)).rejects.toMatchObject({ grpcStatus: 5 });
      const prodList = await prodSdk.organization.listOrganization({ pageSize: 100 });
      expect(prodList.organizations.map((o) => o.id)).not.toContain(devOrg.organization!.id);
    });

    it('never writes the client secret or a token to the log', async () => {
      const tokenRes = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'x', client_secret: secret }),
      });
      expect(tokenRes.status).toBe(401);
      const token = (sdk as unknown as { coreClient: { accessToken: string } }).coreClient.accessToken;
      expect(token).toMatch(/^ey/);
      expect(server.logs.length).toBeGreaterThan(5);
      const all = server.logs.join('\n');
      expect(all).not.toContain(secret);
      expect(all).not.toContain(token);
    });
  });
}
