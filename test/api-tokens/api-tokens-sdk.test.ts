import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScalekitClient } from '@scalekit-sdk/node';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { envAccessToken } from '../helpers/env-token.js';

// The SDK wraps every refusal of ValidateToken in one exception type that keeps the status in its message.
const NOT_FOUND = { name: 'ScalekitValidateTokenFailureException', message: expect.stringContaining('[not_found]') };
const DENIED = { name: 'ScalekitValidateTokenFailureException', message: expect.stringContaining('[permission_denied]') };

for (const dialect of DIALECTS) {
  describe(`API tokens through the SDK (${dialect.name})`, () => {
    let server: TestServer;
    let sdk: ScalekitClient;
    let prod: ScalekitClient;
    let client: { clientId: string; clientSecret: string };
    const secrets: string[] = [];

    beforeAll(async () => {
      server = await startTestServer({ databaseUrl: dialect.databaseUrl });
      client = await server.newClient();
      sdk = new ScalekitClient(server.url, client.clientId, client.clientSecret);
      const p = await server.newClient('production');
      prod = new ScalekitClient(server.url, p.clientId, p.clientSecret);
    });
    afterAll(async () => {
      // No token ever reaches a log line.
      for (const s of secrets) expect(server.logs.join('\n')).not.toContain(s);
      await server?.close();
    });

    const newOrg = async (name: string, externalId?: string) => (await sdk.organization.createOrganization(name, externalId ? { externalId } : undefined)).organization!.id;
    const create = async (orgId: string, opts?: Parameters<ScalekitClient['token']['createToken']>[1]) => {
      const res = await sdk.token.createToken(orgId, opts);
      secrets.push(res.token);
      return res;
    };

    it('creates an organization token shown once and stored hashed, and validates it by token or id', async () => {
      const orgId = await newOrg('Token Org', 'token-org-ext');
      const res = await create(orgId, { customClaims: { plan: 'pro', team: 'billing' }, description: 'CI' });
      expect(res.tokenId).toMatch(/^apit_/);
      expect(res.token).toMatch(/^lk_tok_[A-Za-z0-9_-]{43}$/);
      expect(res.tokenInfo).toMatchObject({ tokenId: res.tokenId, organizationId: orgId, organizationExternalId: 'token-org-ext', customClaims: { plan: 'pro', team: 'billing' }, description: 'CI', tokenSuffix: res.token.slice(-4) });
      const row = await server.core.storage.db.selectFrom('api_tokens').selectAll().where('id', '=', res.tokenId).executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain(res.token);
      expect(JSON.stringify(row)).not.toContain(res.token.slice(7));

      const byToken = await sdk.token.validateToken(res.token);
      expect(byToken.tokenInfo).toMatchObject({ tokenId: res.tokenId, organizationId: orgId, customClaims: { plan: 'pro', team: 'billing' } });
      expect((await sdk.token.validateToken(res.tokenId)).tokenInfo?.tokenId).toBe(res.tokenId);
      await expect(sdk.token.validateToken('lk_tok_' + 'x'.repeat(43))).rejects.toMatchObject(NOT_FOUND);
    });

    it('updates custom claims by replacing them, and invalidates idempotently', async () => {
      const orgId = await newOrg('Update Org');
      const res = await create(orgId, { customClaims: { a: '1', b: '2' } });
      const updated = await sdk.token.updateToken(res.token, { customClaims: { c: '3' }, description: 'renamed' });
      expect(updated.tokenInfo?.customClaims).toEqual({ c: '3' });
      expect(updated.tokenInfo?.description).toBe('renamed');
      expect((await sdk.token.validateToken(res.tokenId)).tokenInfo?.customClaims).toEqual({ c: '3' });

      await sdk.token.invalidateToken(res.tokenId);
      await sdk.token.invalidateToken(res.token);
      await expect(sdk.token.validateToken(res.token)).rejects.toMatchObject(NOT_FOUND);
      await expect(sdk.token.validateToken(res.tokenId)).rejects.toMatchObject(NOT_FOUND);
      await expect(sdk.token.updateToken(res.tokenId, { customClaims: { d: '4' } })).rejects.toMatchObject({ grpcStatus: 5 });
      await expect(sdk.token.invalidateToken('apit_neverissued')).rejects.toMatchObject({ grpcStatus: 5 });
      expect((await sdk.token.listTokens(orgId)).tokens).toEqual([]);
    });

    it('lists tokens with a page size and distinct pages', async () => {
      const orgId = await newOrg('List Org');
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await create(orgId, { description: `t${i}` })).tokenId);
      const first = await sdk.token.listTokens(orgId, { pageSize: 2 });
      expect(first.tokens.map((t) => t.tokenId)).toEqual(ids.slice(0, 2));
      expect(first.totalCount).toBe(5);
      const second = await sdk.token.listTokens(orgId, { pageSize: 2, pageToken: first.nextPageToken });
      expect(second.tokens.map((t) => t.tokenId)).toEqual(ids.slice(2, 4));
      const third = await sdk.token.listTokens(orgId, { pageSize: 2, pageToken: second.nextPageToken });
      expect(third.tokens.map((t) => t.tokenId)).toEqual(ids.slice(4));
      expect(third.nextPageToken).toBe('');
      await expect(sdk.token.listTokens(orgId, { pageSize: 101 })).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('page_size') });
    });

    it('scopes a token to a user with an ACTIVE membership and reports the user and roles', async () => {
      const orgId = await newOrg('User Token Org');
      const created = await sdk.user.createUserAndMembership(orgId, { email: 'token.user@example.com', externalId: 'tu-1', sendInvitationEmail: false });
      const userId = created.user!.id;
      const res = await create(orgId, { userId });
      expect(res.tokenInfo).toMatchObject({ userId, userExternalId: 'tu-1', email: 'token.user@example.com', roles: ['member'] });
      expect((await sdk.token.validateToken(res.token)).tokenInfo?.userId).toBe(userId);
      expect((await sdk.token.listTokens(orgId, { userId })).tokens.map((t) => t.tokenId)).toEqual([res.tokenId]);

      const elsewhere = await newOrg('Not Member Org');
      await expect(sdk.token.createToken(elsewhere, { userId })).rejects.toMatchObject({ grpcStatus: 9, errorCode: 'MEMBERSHIP_NOT_ACTIVE' });
      await expect(sdk.token.createToken(orgId, { userId: 'usr_nobody' })).rejects.toMatchObject({ grpcStatus: 5, errorCode: 'USER_NOT_FOUND' });

      // Once the membership is gone, the user's token no longer speaks for them.
      await sdk.user.deleteMembership(orgId, userId);
      await expect(sdk.token.validateToken(res.token)).rejects.toMatchObject(DENIED);
    });

    it('refuses bad input naming the field', async () => {
      const orgId = await newOrg('Bad Token Org');
      await expect(sdk.token.createToken(orgId, { customClaims: { 'bad key': 'x' } })).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('token.custom_claims.bad key') });
      await expect(sdk.token.createToken(orgId, { customClaims: { k: 'v'.repeat(1025) } })).rejects.toMatchObject({ grpcStatus: 3 });
      await expect(sdk.token.createToken(orgId, { expiry: timestampFromDate(new Date(Date.now() - 1000)) })).rejects.toMatchObject({
        grpcStatus: 3,
        message: expect.stringContaining('token.expiry must be in the future'),
      });
      await expect(sdk.token.createToken(orgId, { description: 'd'.repeat(1001) })).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('token.description') });
      await expect(sdk.token.createToken('org_missing')).rejects.toMatchObject({ grpcStatus: 5, errorCode: 'ORGANIZATION_NOT_FOUND' });
      const raw = (sdk.token as any).client;
      await expect(raw.createToken({ token: { organizationId: '' } })).rejects.toMatchObject({ code: 3, rawMessage: expect.stringContaining('token.organization_id is required') });
      await expect(raw.invalidateToken({ token: '' })).rejects.toMatchObject({ code: 3, rawMessage: expect.stringContaining('token is required') });
      await expect(raw.updateToken({ token: '', customClaims: {} })).rejects.toMatchObject({ code: 3, rawMessage: expect.stringContaining('token is required') });
      await expect(raw.listTokens({ organizationId: '' })).rejects.toMatchObject({ code: 3, rawMessage: expect.stringContaining('organization_id is required') });
      const res = await create(orgId);
      await expect(sdk.token.updateToken(res.tokenId, { customClaims: { 'x y': '1' } })).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('custom_claims.x y') });
    });

    it('an expired token no longer validates', async () => {
      const orgId = await newOrg('Expiry Org');
      const res = await create(orgId, { expiry: timestampFromDate(new Date(Date.now() + 60_000)) });
      expect((await sdk.token.validateToken(res.token)).tokenInfo?.expiry).toBeDefined();
      await server.core.storage.db.updateTable('api_tokens').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', res.tokenId).execute();
      await expect(sdk.token.validateToken(res.token)).rejects.toMatchObject(NOT_FOUND);
    });

    it('keeps environments apart and removes tokens with their organization', async () => {
      const orgId = await newOrg('Isolation Token Org');
      const res = await create(orgId);
      await expect(prod.token.validateToken(res.token)).rejects.toMatchObject(NOT_FOUND);
      await expect(prod.token.validateToken(res.tokenId)).rejects.toMatchObject(NOT_FOUND);
      await expect(prod.token.invalidateToken(res.tokenId)).rejects.toMatchObject({ grpcStatus: 5 });
      await expect(prod.token.listTokens(orgId)).rejects.toMatchObject({ grpcStatus: 5 });
      await sdk.organization.deleteOrganization(orgId);
      await expect(sdk.token.validateToken(res.token)).rejects.toMatchObject(NOT_FOUND);
      expect(await server.core.storage.db.selectFrom('api_tokens').select('id').where('organization_id', '=', orgId).execute()).toEqual([]);
    });

    it('serves tokens over REST', async () => {
      const token = await envAccessToken(server.url, client);
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const orgId = await newOrg('REST Token Org');
      const res = await fetch(`${server.url}/api/v1/tokens`, { method: 'POST', headers, body: JSON.stringify({ organization_id: orgId, custom_claims: { k: 'v' } }) });
      expect(res.status).toBe(200);
      const body = (await res.json()) as any;
      secrets.push(body.token);
      expect(body.token_id).toMatch(/^apit_/);
      const v = await fetch(`${server.url}/api/v1/tokens:validate`, { method: 'POST', headers, body: JSON.stringify({ token: body.token }) });
      expect(((await v.json()) as any).token_info).toMatchObject({ token_id: body.token_id, custom_claims: { k: 'v' } });
      const list = await fetch(`${server.url}/api/v1/tokens?organization_id=${orgId}&page_size=5`, { headers });
      expect(((await list.json()) as any).tokens.map((t: any) => t.token_id)).toEqual([body.token_id]);
      const gone = await fetch(`${server.url}/api/v1/tokens:invalidate`, { method: 'POST', headers, body: JSON.stringify({ token: body.token_id }) });
      expect(gone.status).toBe(200);
      const again = await fetch(`${server.url}/api/v1/tokens:validate`, { method: 'POST', headers, body: JSON.stringify({ token: body.token }) });
      expect(again.status).toBe(404);
    });
  });
}
