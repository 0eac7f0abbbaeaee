import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { envAccessToken } from '../helpers/env-token.js';
import { restCall } from '../helpers/agent-auth-env.js';
import { violations } from '../helpers/wire-errors.js';

for (const dialect of DIALECTS) {
  describe(`users over REST (${dialect.name})`, () => {
    let server: TestServer;
    let token: string;
    let org: string;
    const rest = (path: string, init: { method?: string; body?: unknown } = {}) => restCall(server.url + path, { ...init, token });

    beforeAll(async () => {
      server = await startTestServer({ databaseUrl: dialect.databaseUrl });
      token = await envAccessToken(server.url, await server.newClient());
      org = (await rest('/api/v1/organizations', { method: 'POST', body: { display_name: 'Rest Org' } })).json.organization.id;
    });
    afterAll(async () => server?.close());

    it('creates, reads, updates and deletes a user at the documented paths, by id and external id', async () => {
      const created = await rest(`/api/v1/organizations/${org}/users?send_invitation_email=false`, {
        method: 'POST',
        body: { email: 'rest@example.com', external_id: 'rest-1', user_profile: { given_name: 'Rhea', family_name: 'Stone' } },
      });
      expect(created.status).toBe(200);
      const u = created.json.user;
      expect(u).toMatchObject({ email: 'rest@example.com', external_id: 'rest-1', user_profile: { given_name: 'Rhea', family_name: 'Stone', external_identities: [] } });
      expect(u.memberships[0]).toMatchObject({ organization_id: org, membership_status: 'ACTIVE' });

      expect((await rest('/api/v1/users:external/rest-1')).json.user.id).toBe(u.id);
      const patched = await rest(`/api/v1/users/${u.id}`, { method: 'PATCH', body: { user_profile: { family_name: 'Rivers' } } });
      expect(patched.json.user.user_profile).toMatchObject({ given_name: 'Rhea', family_name: 'Rivers' });
      const byExt = await rest('/api/v1/users:external/rest-1', { method: 'PATCH', body: { metadata: { plan: 'pro' } } });
      expect(byExt.json.user).toMatchObject({ metadata: { plan: 'pro' }, user_profile: { family_name: 'Rivers' } });

      const search = await rest('/api/v1/users:search?query=RIVERS');
      expect(search.json).toMatchObject({ total_size: 1, users: [{ id: u.id }] });
      const orgSearch = await rest(`/api/v1/organizations/${org}/users:search?query=rhea`);
      expect(orgSearch.json.users.map((x: { id: string }) => x.id)).toEqual([u.id]);
      expect((await rest(`/api/v1/organizations/${org}/users`)).json.total_size).toBe(1);

      const other = (await rest('/api/v1/organizations', { method: 'POST', body: { display_name: 'Other' } })).json.organization.id;
      const joined = await rest(`/api/v1/memberships/organizations/${other}/users:external/rest-1?send_invitation_email=true`, { method: 'POST', body: { roles: [{ name: 'admin' }] } });
      expect(joined.status).toBe(200);
      const pending = joined.json.user.memberships.find((m: { organization_id: string }) => m.organization_id === other);
      expect(pending).toMatchObject({ membership_status: 'PENDING_INVITE', roles: [{ name: 'admin' }] });
      const resent = await rest(`/api/v1/invites/organizations/${other}/users/${u.id}/resend`, { method: 'PATCH', body: {} });
      expect(resent.json.invite).toMatchObject({ status: 'PENDING_INVITE', resent_count: 1, organization_id: other, user_id: u.id });
      expect((await rest(`/api/v1/memberships/organizations/${other}/users/${u.id}?cascade=true`, { method: 'DELETE' })).status).toBe(200);

      // With cascade, deleting the last membership deletes the user.
      expect((await rest(`/api/v1/memberships/organizations/${org}/users:external/rest-1?cascade=true`, { method: 'DELETE' })).status).toBe(200);
      expect((await rest(`/api/v1/users/${u.id}`)).status).toBe(404);
    });

    it('answers bad input with 400 and the field violations', async () => {
      const noEmail = await rest(`/api/v1/organizations/${org}/users`, { method: 'POST', body: { user_profile: { given_name: 'X' } } });
      expect(noEmail.status).toBe(400);
      expect(violations(noEmail.json)).toEqual([expect.objectContaining({ field: 'user.email' })]);
      const two = await rest(`/api/v1/organizations/${org}/users`, { method: 'POST', body: { email: 'a@b', user_profile: { picture: 'ftp://x' } } });
      expect(violations(two.json).map((v: { field: string }) => v.field)).toEqual(['user.email', 'user.user_profile.picture']);
      const badPage = await rest('/api/v1/users?page_token=garbage');
      expect(violations(badPage.json)).toEqual([expect.objectContaining({ field: 'page_token' })]);
      const tooBig = await rest('/api/v1/users?page_size=1000');
      expect(violations(tooBig.json)).toEqual([expect.objectContaining({ field: 'page_size' })]);
      expect((await rest(`/api/v1/users:external/${'x'.repeat(300)}`)).status).toBe(400);
      expect((await rest(`/api/v1/invites/organizations/${org}/users/usr_missing/resend`, { method: 'PATCH', body: {} })).status).toBe(404);
    });
  });
}
