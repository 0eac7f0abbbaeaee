import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScalekitClient } from '@scalekit-sdk/node';
import { DomainType, VerificationStatus } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { envAccessToken } from '../helpers/env-token.js';
import { startLocalDnsServer, type LocalDnsServer } from './local-dns-server.js';

for (const dialect of DIALECTS) {
  describe(`domains through the SDK (${dialect.name})`, () => {
    let dns: LocalDnsServer;
    let server: TestServer;
    let sdk: ScalekitClient;
    let prod: ScalekitClient;
    let client: { clientId: string; clientSecret: string };

    beforeAll(async () => {
      dns = await startLocalDnsServer();
      server = await startTestServer({ databaseUrl: dialect.databaseUrl, env: { DNS_SERVERS: dns.address } });
      client = await server.newClient();
      sdk = new ScalekitClient(server.url, client.clientId, client.clientSecret);
      const p = await server.newClient('production');
      prod = new ScalekitClient(server.url, p.clientId, p.clientSecret);
    });
    afterAll(async () => {
      await server?.close();
      await dns?.close();
    });

    const newOrg = async (name: string) => (await sdk.organization.createOrganization(name)).organization!.id;

    it('creates, gets, lists, updates and deletes domains', async () => {
      const orgId = await newOrg('Domain Org');
      const created = (await sdk.domain.createDomain(orgId, 'Acme-Example.COM', { domainType: 'ORGANIZATION_DOMAIN' })).domain!;
      expect(created).toMatchObject({
        domain: 'acme-example.com',
        organizationId: orgId,
        domainType: DomainType.ORGANIZATION_DOMAIN,
        verificationStatus: VerificationStatus.PENDING,
        txtRecordKey: '_latchkey-verification.acme-example.com',
      });
      expect(created.id).toMatch(/^dom_/);
      expect(created.txtRecordSecret).toMatch(/^latchkey-domain-verification=/);
      // No type given: an organization domain.
      const untyped = (await sdk.domain.createDomain(orgId, 'untyped-example.com')).domain!;
      expect(untyped.domainType).toBe(DomainType.ORGANIZATION_DOMAIN);
      const allowed = (await sdk.domain.createDomain(orgId, 'mail-example.org', { domainType: DomainType.ALLOWED_EMAIL_DOMAIN })).domain!;

      expect((await sdk.domain.getDomain(orgId, created.id)).domain?.domain).toBe('acme-example.com');
      const all = await sdk.domain.listDomains(orgId);
      expect(all.domains.map((d) => d.id)).toEqual([created.id, untyped.id, allowed.id]);
      const onlyAllowed = await sdk.domain.listDomains(orgId, { domainType: 'ALLOWED_EMAIL_DOMAIN' });
      expect(onlyAllowed.domains.map((d) => d.id)).toEqual([allowed.id]);

      // Page number and size, through the raw RPC the SDK wraps.
      const client = (sdk.domain as any).client;
      const page2 = await client.listDomains({ identities: { case: 'organizationId', value: orgId }, pageSize: 2, pageNumber: 2 });
      expect(page2.domains.map((d: { id: string }) => d.id)).toEqual([allowed.id]);
      expect([page2.pageSize, page2.pageNumber]).toEqual([2, 2]);
      const updated = await client.updateDomain({ identities: { case: 'organizationId', value: orgId }, id: created.id, domain: {} });
      expect(updated.domain.id).toBe(created.id);

      await expect(sdk.domain.createDomain(orgId, 'acme-example.com', { domainType: 'ORGANIZATION_DOMAIN' })).rejects.toMatchObject({ grpcStatus: 6, errorCode: 'DOMAIN_EXISTS' });
      await sdk.domain.deleteDomain(orgId, untyped.id);
      await expect(sdk.domain.getDomain(orgId, untyped.id)).rejects.toMatchObject({ grpcStatus: 5, errorCode: 'DOMAIN_NOT_FOUND' });
    });

    it('refuses an invalid name naming the field, and unknown or foreign organizations as not found', async () => {
      const orgId = await newOrg('Bad Input Org');
      for (const bad of ['invalid-domain-name', 'localhost', '10.0.0.1', 'https://acme.com', 'a@b.com', '-acme.com', 'acme..com']) {
        await expect(sdk.domain.createDomain(orgId, bad)).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('domain.domain must be a domain name') });
      }
      await expect(sdk.domain.createDomain(orgId, '')).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('domain.domain is required') });
      const raw = (sdk.domain as any).client;
      await expect(raw.createDomain({ identities: { case: 'organizationId', value: orgId } })).rejects.toMatchObject({ code: 3, rawMessage: expect.stringContaining('domain is required') });
      await expect(raw.createDomain({ domain: { domain: 'fine-example.com' } })).rejects.toMatchObject({ code: 3, rawMessage: expect.stringContaining('organization_id or external_id is required') });
      await expect(raw.createDomain({ identities: { case: 'organizationId', value: orgId }, domain: { domain: 'fine-example.com', domainType: 7 } })).rejects.toMatchObject({
        code: 3,
        rawMessage: expect.stringContaining('domain.domain_type must be ALLOWED_EMAIL_DOMAIN or ORGANIZATION_DOMAIN'),
      });
      await expect(raw.deleteDomain({ identities: { case: 'organizationId', value: orgId }, id: '' })).rejects.toMatchObject({ code: 3, rawMessage: expect.stringContaining('id is required') });
      await expect(raw.verifyDomain({ identities: { case: 'organizationId', value: orgId }, id: 'dom_nope' })).rejects.toMatchObject({ code: 5 });
      await expect(raw.listDomains({ identities: { case: 'organizationId', value: orgId }, pageSize: 101 })).rejects.toMatchObject({ code: 3, rawMessage: expect.stringContaining('page_size must be between 1 and 100') });
      await expect(raw.listDomains({ identities: { case: 'organizationId', value: orgId }, pageNumber: -1 })).rejects.toMatchObject({ code: 3, rawMessage: expect.stringContaining('page_number') });
      // An organization's external id works as well as its id.
      const ext = (await sdk.organization.createOrganization('Ext Domain Org', { externalId: 'ext-dom' })).organization!.id;
      const byExt = await raw.createDomain({ identities: { case: 'externalId', value: 'ext-dom' }, domain: { domain: 'ext-example.com' } });
      expect(byExt.domain.organizationId).toBe(ext);
      await expect(sdk.domain.createDomain('org_doesnotexist', 'fine-example.com')).rejects.toMatchObject({ grpcStatus: 5, errorCode: 'ORGANIZATION_NOT_FOUND' });
      // Another environment's organization is not found here, and its domains not either.
      const prodOrg = (await prod.organization.createOrganization('Prod Org')).organization!.id;
      await expect(sdk.domain.createDomain(prodOrg, 'fine-example.com')).rejects.toMatchObject({ grpcStatus: 5, errorCode: 'ORGANIZATION_NOT_FOUND' });
      const prodDomain = (await prod.domain.createDomain(prodOrg, 'prod-example.com')).domain!;
      await expect(sdk.domain.getDomain(orgId, prodDomain.id)).rejects.toMatchObject({ grpcStatus: 5 });
      // … and one organization's domain is not found through another.
      const mine = (await sdk.domain.createDomain(orgId, 'mine-example.com')).domain!;
      const otherOrg = await newOrg('Other Org');
      await expect(sdk.domain.getDomain(otherOrg, mine.id)).rejects.toMatchObject({ grpcStatus: 5 });
      await expect(sdk.domain.deleteDomain(otherOrg, mine.id)).rejects.toMatchObject({ grpcStatus: 5 });
      expect((await sdk.domain.getDomain(orgId, mine.id)).domain?.id).toBe(mine.id);
    });

    it('verifies a domain by its DNS TXT record, and a verified domain cannot be claimed by another organization', async () => {
      const orgA = await newOrg('Verify A');
      const orgB = await newOrg('Verify B');
      const d = (await sdk.domain.createDomain(orgA, 'verify-example.com')).domain!;
      const raw = (sdk.domain as any).client;
      const verify = (orgId: string, id: string) => raw.verifyDomain({ identities: { case: 'organizationId', value: orgId }, id });

      // No record yet: not verified (FAILED until a later attempt finds it).
      expect((await verify(orgA, d.id)).verified).toBe(false);
      expect((await sdk.domain.getDomain(orgA, d.id)).domain?.verificationStatus).toBe(VerificationStatus.FAILED);
      // A wrong value does not verify either.
      dns.txt.set(d.txtRecordKey, [['latchkey-domain-verification=wrong'], ['v=spf1 -all']]);
      expect((await verify(orgA, d.id)).verified).toBe(false);
      // The record, published among others (and split into character-strings as long records are).
      const secret = d.txtRecordSecret;
      dns.txt.set(d.txtRecordKey, [['v=spf1 -all'], [secret.slice(0, 20), secret.slice(20)]]);
      expect((await verify(orgA, d.id)).verified).toBe(true);
      const after = (await sdk.domain.getDomain(orgA, d.id)).domain!;
      expect(after.verificationStatus).toBe(VerificationStatus.VERIFIED);
      expect(after.verificationMethod).toBe(2); // DNS

      await expect(sdk.domain.createDomain(orgB, 'verify-example.com')).rejects.toMatchObject({ grpcStatus: 6, errorCode: 'DOMAIN_CLAIMED' });
      // Another environment is another namespace.
      const prodOrg = (await prod.organization.createOrganization('Prod Verify')).organization!.id;
      expect((await prod.domain.createDomain(prodOrg, 'verify-example.com')).domain?.domain).toBe('verify-example.com');
    });

    it('lets two organizations add a pending domain, but only the first to verify keeps it', async () => {
      const orgA = await newOrg('Race A');
      const orgB = await newOrg('Race B');
      const a = (await sdk.domain.createDomain(orgA, 'race-example.com')).domain!;
      const b = (await sdk.domain.createDomain(orgB, 'race-example.com')).domain!;
      const raw = (sdk.domain as any).client;
      dns.txt.set(a.txtRecordKey, [[a.txtRecordSecret], [b.txtRecordSecret]]);
      expect((await raw.verifyDomain({ identities: { case: 'organizationId', value: orgA }, id: a.id })).verified).toBe(true);
      await expect(raw.verifyDomain({ identities: { case: 'organizationId', value: orgB }, id: b.id })).rejects.toMatchObject({ code: 6 });
    });

    it('answers Unavailable when the resolver fails, leaving the domain as it was', async () => {
      const orgId = await newOrg('Servfail Org');
      const d = (await sdk.domain.createDomain(orgId, 'servfail-example.com')).domain!;
      dns.failing.add(d.txtRecordKey);
      const raw = (sdk.domain as any).client;
      await expect(raw.verifyDomain({ identities: { case: 'organizationId', value: orgId }, id: d.id })).rejects.toMatchObject({
        code: 14,
        rawMessage: expect.stringContaining('DNS lookup of _latchkey-verification.servfail-example.com failed'),
      });
      expect((await sdk.domain.getDomain(orgId, d.id)).domain?.verificationStatus).toBe(VerificationStatus.PENDING);
    });

    it('serves domains over REST and removes them with their organization', async () => {
      const token = await envAccessToken(server.url, client);
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const orgId = await newOrg('REST Domain Org');
      const res = await fetch(`${server.url}/api/v1/organizations/${orgId}/domains`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ domain: 'rest-example.com', domain_type: 'ALLOWED_EMAIL_DOMAIN' }),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as any;
      expect(body.domain).toMatchObject({ domain: 'rest-example.com', domain_type: 'ALLOWED_EMAIL_DOMAIN', verification_status: 'PENDING' });
      const bad = await fetch(`${server.url}/api/v1/organizations/${orgId}/domains`, { method: 'POST', headers, body: JSON.stringify({ domain: 'invalid-domain-name' }) });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as any).details[0].validation_error_info.field_violations[0].field).toBe('domain.domain');
      const list = await fetch(`${server.url}/api/v1/organizations/${orgId}/domains?page_size=5&page_number=1&domain_type=ALLOWED_EMAIL_DOMAIN`, { headers });
      expect(((await list.json()) as any).domains.map((d: { id: string }) => d.id)).toEqual([body.domain.id]);
      const verify = await fetch(`${server.url}/api/v1/organizations/${orgId}/domains/${body.domain.id}:verify`, { method: 'PATCH', headers });
      expect(await verify.json()).toEqual({ verified: false });

      await sdk.organization.deleteOrganization(orgId);
      const rows = await server.core.storage.db.selectFrom('domains').select('id').where('organization_id', '=', orgId).execute();
      expect(rows).toEqual([]);
    });
  });
}
