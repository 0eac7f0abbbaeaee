import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScalekitClient } from '@scalekit-sdk/node';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';

const basic = (id: string, secret: string) => 'Basic ' + Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64');

for (const dialect of DIALECTS) {
  describe(`POST /oauth/token: one client authentication method per request (${dialect.name})`, () => {
    let server: TestServer;
    let client: { clientId: string; clientSecret: string };

    async function token(body: Record<string, string | string[]>, authorization?: string) {
      const form = new URLSearchParams();
      for (const [k, v] of Object.entries(body)) for (const one of [v].flat()) form.append(k, one);
      const res = await fetch(`${server.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization ? { authorization } : {}) },
        body: form,
      });
      return { status: res.status, wwwAuthenticate: res.headers.get('www-authenticate'), json: (await res.json()) as Record<string, unknown> };
    }

    beforeAll(async () => {
      server = await startTestServer({ databaseUrl: dialect.databaseUrl });
      client = await server.newClient();
    });
    afterAll(async () => server?.close());

    it('HTTP Basic and body credentials together are invalid_request (RFC 6749 §2.3), whichever is right', async () => {
      const both = 'use one client authentication method: HTTP Basic or client_id and client_secret in the body, not both (RFC 6749 §2.3)';
      const grant = { grant_type: 'client_credentials' };
      const right = basic(client.clientId, client.clientSecret);
      expect(await token({ ...grant, client_id: client.clientId, client_secret: client.clientSecret }, right)).toMatchObject({ status: 400, json: { error: 'invalid_request', error_description: both } });
      // Before the fix Basic silently won: a wrong body secret was ignored.
      expect(await token({ ...grant, client_id: client.clientId, client_secret: 'wrong' }, right)).toMatchObject({ status: 400, json: { error: 'invalid_request', error_description: both } });
      expect(await token({ ...grant, client_secret: client.clientSecret }, basic(client.clientId, 'wrong'))).toMatchObject({ status: 400, json: { error_description: both } });
      const other = await token({ ...grant, client_id: 'skc_someone_else' }, right);
      expect(other).toMatchObject({ status: 400, json: { error: 'invalid_request', error_description: 'client_id in the body names a different client than the HTTP Basic credentials' } });
    });

    it('one method works: Basic alone, Basic with the same client_id in the body (§3.2.1), the body alone (the SDK)', async () => {
      const grant = { grant_type: 'client_credentials' };
      expect((await token(grant, basic(client.clientId, client.clientSecret))).status).toBe(200);
      expect((await token({ ...grant, client_id: client.clientId }, basic(client.clientId, client.clientSecret))).status).toBe(200);
      expect((await token({ ...grant, client_id: client.clientId, client_secret: client.clientSecret })).status).toBe(200);
      // A stale bearer token is not a client authentication method; the SDK's own request works.
      expect((await token({ ...grant, client_id: client.clientId, client_secret: client.clientSecret }, 'Bearer stale')).status).toBe(200);
      const sdk = new ScalekitClient(server.url, client.clientId, client.clientSecret);
      expect((await sdk.organization.listOrganization({ pageSize: 1 })).organizations).toEqual([]);
      const wrong = await token(grant, basic(client.clientId, 'wrong'));
      expect(wrong).toMatchObject({ status: 401, wwwAuthenticate: 'Basic realm="latchkey"', json: { error: 'invalid_client' } });
    });

    it('malformed, repeated or oversized credentials are invalid_request, never a 5xx', async () => {
      const grant = { grant_type: 'client_credentials' };
      const badBasic = 'the Authorization header must be "Basic " + base64(client_id ":" client_secret) (RFC 6749 §2.3.1)';
      expect(await token(grant, 'Basic ' + Buffer.from('no-colon').toString('base64'))).toMatchObject({ status: 400, json: { error: 'invalid_request', error_description: badBasic } });
      expect(await token(grant, 'Basic ' + Buffer.from('%zz:%zz').toString('base64'))).toMatchObject({ status: 400, json: { error_description: badBasic } });
      expect(await token(grant, 'Basic')).toMatchObject({ status: 400, json: { error_description: badBasic } });
      expect(await token({ ...grant, client_id: [client.clientId, client.clientId], client_secret: client.clientSecret })).toMatchObject({
        status: 400,
        json: { error: 'invalid_request', error_description: 'client_id must be given once (RFC 6749 §3.2)' },
      });
      expect(await token({ ...grant, client_id: client.clientId, client_secret: 's'.repeat(10_000) })).toMatchObject({
        status: 400,
        json: { error: 'invalid_request', error_description: 'client_secret must be at most 512 characters' },
      });
      expect(server.logs.join('\n')).not.toContain(client.clientSecret);
    });
  });
}
