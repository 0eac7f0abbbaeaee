import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScalekitClient } from '@scalekit-sdk/node';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';

for (const dialect of DIALECTS) {
  describe(`users through the official SDK (${dialect.name})`, () => {
    let server: TestServer;
    let sdk: ScalekitClient;
    let orgA: string;
    let orgB: string;

    beforeAll(async () => {
      server = await startTestServer({ databaseUrl: dialect.databaseUrl });
      const c = await server.newClient();
      sdk = new ScalekitClient(server.url, c.clientId, c.clientSecret);
      orgA = (await sdk.organization.createOrganization('Acme')).organization!.id;
      orgB = (await sdk.organization.createOrganization('Bravo')).organization!.id;
    });
    afterAll(async () => server?.close());

    it('creates a user with a membership, gets it by id and external id, and updates only the fields sent', async () => {
      const created = await sdk.user.createUserAndMembership(orgA, {
        email: 'Jane.Doe@Example.com',
        externalId: 'ext-jane',
        userProfile: { firstName: 'Jane', lastName: 'Doe' },
        metadata: { team: 'core' },
        sendInvitationEmail: false,
      });
      const u = created.user!;
      expect(u.id).toMatch(/^usr_/);
      expect(u.email).toBe('jane.doe@example.com');
      expect(u.userProfile).toMatchObject({ givenName: 'Jane', familyName: 'Doe', firstName: 'Jane', lastName: 'Doe', name: 'Jane Doe', externalIdentities: [] });
      expect(u.memberships).toHaveLength(1);
      expect(u.memberships[0]).toMatchObject({ organizationId: orgA, membershipStatus: 1 /* ACTIVE */, displayName: 'Acme' });
      expect(u.memberships[0].roles.map((r) => r.name)).toEqual(['member']);

      expect((await sdk.user.getUser(u.id)).user?.email).toBe('jane.doe@example.com');
      expect((await sdk.user.getUserByExternalId('ext-jane')).user?.id).toBe(u.id);

      const renamed = await sdk.user.updateUser(u.id, { userProfile: { firstName: 'Janet' } });
      expect(renamed.user?.userProfile).toMatchObject({ givenName: 'Janet', familyName: 'Doe' });
      expect(renamed.user?.metadata).toEqual({ team: 'core' });
      const meta = await sdk.user.updateUserByExternalId('ext-jane', { metadata: { team: 'platform' } });
      expect(meta.user?.metadata).toEqual({ team: 'platform' });
      expect(meta.user?.userProfile?.givenName).toBe('Janet');
      expect(meta.user?.externalId).toBe('ext-jane');
    });

    it('keeps one user per email: a second create adds a membership, a repeat in the same organization is refused', async () => {
      const first = (await sdk.user.createUserAndMembership(orgA, { email: 'solo@example.com', sendInvitationEmail: false })).user!;
      const second = (await sdk.user.createUserAndMembership(orgB, { email: 'SOLO@example.com', sendInvitationEmail: false })).user!;
      expect(second.id).toBe(first.id);
      expect(second.memberships.map((m) => m.organizationId).sort()).toEqual([orgA, orgB].sort());
      const rows = await server.core.storage.db.selectFrom('users').select('id').where('email', '=', 'solo@example.com').execute();
      expect(rows).toHaveLength(1);
      await expect(sdk.user.createUserAndMembership(orgA, { email: 'solo@example.com', sendInvitationEmail: false })).rejects.toMatchObject({
        grpcStatus: 6,
        errorCode: 'MEMBERSHIP_EXISTS',
      });
    });

    it('lists and searches users, in the environment and in one organization, with total_size', async () => {
      const only = (await sdk.user.createUserAndMembership(orgB, { email: 'zed.unique@bravo.io', userProfile: { firstName: 'Zedekiah' }, sendInvitationEmail: false })).user!;
      const all = await sdk.user.listUsers({ pageSize: 2 });
      expect(all.users).toHaveLength(2);
      expect(all.totalSize).toBeGreaterThanOrEqual(3);
      const next = await sdk.user.listUsers({ pageSize: 2, pageToken: all.nextPageToken });
      expect(next.users.map((u) => u.id)).not.toContain(all.users[0].id);

      const byName = await sdk.user.searchUsers('zedek');
      expect(byName.users.map((u) => u.id)).toEqual([only.id]);
      expect(byName.totalSize).toBe(1);
      expect((await sdk.user.searchUsers('bravo.io')).users.map((u) => u.id)).toEqual([only.id]);
      const none = await sdk.user.searchUsers('qqq-no-such-person-zz');
      expect(none.users).toEqual([]);
      expect(none.totalSize).toBe(0);
      // Literal matching: `%` is no wildcard.
      expect((await sdk.user.searchUsers('%')).totalSize).toBe(0);

      const inA = await sdk.user.listOrganizationUsers(orgA, { pageSize: 50 });
      expect(inA.users.map((u) => u.id)).not.toContain(only.id);
      expect(inA.totalSize).toBe(inA.users.length);
      const inB = await sdk.user.searchOrganizationUsers(orgB, 'zedekiah');
      expect(inB.users.map((u) => u.id)).toEqual([only.id]);
      expect((await sdk.user.searchOrganizationUsers(orgA, 'zedekiah')).users).toEqual([]);
    });

    it('creates, updates and deletes memberships by user id and by external id', async () => {
      const u = (await sdk.user.createUserAndMembership(orgA, { email: 'member@example.com', externalId: 'ext-member', sendInvitationEmail: false })).user!;
      const joined = await sdk.user.createMembership(orgB, u.id, { roles: ['admin'], metadata: { seat: '7' }, sendInvitationEmail: false });
      const inB = joined.user!.memberships.find((m) => m.organizationId === orgB)!;
      expect(inB.roles.map((r) => r.name)).toEqual(['admin']);
      expect(inB.metadata).toEqual({ seat: '7' });

      const changed = await sdk.user.updateMembershipByExternalId(orgB, 'ext-member', { roles: ['member'] });
      const after = changed.user!.memberships.find((m) => m.organizationId === orgB)!;
      expect(after.roles.map((r) => r.name)).toEqual(['member']);
      expect(after.metadata).toEqual({ seat: '7' });
      await expect(sdk.user.updateMembership(orgB, u.id, { roles: ['no-such-role'] })).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('membership.roles[0]') });

      await sdk.user.deleteMembershipByExternalId(orgB, 'ext-member');
      expect((await sdk.user.getUser(u.id)).user!.memberships.map((m) => m.organizationId)).toEqual([orgA]);
      await expect(sdk.user.deleteMembership(orgB, u.id)).rejects.toMatchObject({ grpcStatus: 5, errorCode: 'MEMBERSHIP_NOT_FOUND' });
      await sdk.user.createMembershipByExternalId(orgB, 'ext-member', { sendInvitationEmail: false });
      await sdk.user.deleteMembership(orgB, u.id);
    });

    it('deletes users by id and by external id', async () => {
      const a = (await sdk.user.createUserAndMembership(orgA, { email: 'gone1@example.com', sendInvitationEmail: false })).user!;
      await sdk.user.createUserAndMembership(orgA, { email: 'gone2@example.com', externalId: 'ext-gone', sendInvitationEmail: false });
      await sdk.user.deleteUser(a.id);
      await expect(sdk.user.getUser(a.id)).rejects.toMatchObject({ grpcStatus: 5, errorCode: 'USER_NOT_FOUND' });
      await sdk.user.deleteUserByExternalId('ext-gone');
      await expect(sdk.user.getUserByExternalId('ext-gone')).rejects.toMatchObject({ grpcStatus: 5 });
      await expect(sdk.user.deleteUser(a.id)).rejects.toMatchObject({ grpcStatus: 5 });
      const orphans = await server.core.storage.db.selectFrom('memberships').select('id').where('user_id', '=', a.id).execute();
      expect(orphans).toEqual([]);
    });

    it('refuses bad input on every write, naming the field', async () => {
      const bad = (p: Promise<unknown>, field: string) => expect(p).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining(field) });
      await bad(sdk.user.createUserAndMembership(orgA, { email: 'not-an-email', sendInvitationEmail: false }), 'user.email');
      await bad(sdk.user.createUserAndMembership(orgA, { email: 'x@example.com', metadata: { ['k'.repeat(65)]: 'v' }, sendInvitationEmail: false }), 'user.metadata');
      await bad(sdk.user.createUserAndMembership(orgA, { email: 'x@example.com', userProfile: { firstName: 'a'.repeat(300) }, sendInvitationEmail: false }), 'user.user_profile.given_name');
      await bad(sdk.user.createMembership(orgA, 'usr_nope', { roles: ['  '] }), 'membership.roles[0]');
      const u = (await sdk.user.createUserAndMembership(orgA, { email: 'valid@example.com', sendInvitationEmail: false })).user!;
      await bad(sdk.user.updateUser(u.id, { userProfile: { lastName: 'b'.repeat(300) } }), 'user.user_profile.family_name');
      await bad(sdk.user.updateMembership(orgA, u.id, { metadata: { ['m'.repeat(65)]: 'x' } }), 'membership.metadata');
      await expect(sdk.user.createUserAndMembership('org_missing', { email: 'x@example.com', sendInvitationEmail: false })).rejects.toMatchObject({ grpcStatus: 5, errorCode: 'ORGANIZATION_NOT_FOUND' });
      // A failed create leaves no user behind.
      expect(await server.core.storage.db.selectFrom('users').select('id').where('email', '=', 'x@example.com').execute()).toEqual([]);
      await expect(sdk.user.createUserAndMembership(orgA, { email: 'dup-ext@example.com', externalId: 'ext-jane', sendInvitationEmail: false })).rejects.toMatchObject({ grpcStatus: 6, errorCode: 'USER_EXTERNAL_ID_EXISTS' });
    });

    it('keeps environments apart: a user of development is not visible from production', async () => {
      const devUser = (await sdk.user.createUserAndMembership(orgA, { email: 'iso@example.com', externalId: 'ext-iso', sendInvitationEmail: false })).user!;
      const p = await server.newClient('production');
      const prod = new ScalekitClient(server.url, p.clientId, p.clientSecret);
      await expect(prod.user.getUser(devUser.id)).rejects.toMatchObject({ grpcStatus: 5 });
      await expect(prod.user.getUserByExternalId('ext-iso')).rejects.toMatchObject({ grpcStatus: 5 });
      await expect(prod.user.deleteUser(devUser.id)).rejects.toMatchObject({ grpcStatus: 5 });
      await expect(prod.user.updateUser(devUser.id, { metadata: { a: 'b' } })).rejects.toMatchObject({ grpcStatus: 5 });
      expect((await prod.user.listUsers()).totalSize).toBe(0);
      expect((await prod.user.searchUsers('iso@example.com')).users).toEqual([]);
      await expect(prod.user.listOrganizationUsers(orgA)).rejects.toMatchObject({ grpcStatus: 5, errorCode: 'ORGANIZATION_NOT_FOUND' });
      await expect(prod.user.createMembership(orgA, devUser.id, { sendInvitationEmail: false })).rejects.toMatchObject({ grpcStatus: 5 });
      // The same address in production is another user.
      const prodOrg = (await prod.organization.createOrganization('Prod Org')).organization!.id;
      const prodUser = (await prod.user.createUserAndMembership(prodOrg, { email: 'iso@example.com', sendInvitationEmail: false })).user!;
      expect(prodUser.id).not.toBe(devUser.id);
      expect(prodUser.memberships.map((m) => m.organizationId)).toEqual([prodOrg]);
    });

    it('removes an organization’s memberships when it is deleted, keeping the users', async () => {
      const org = (await sdk.organization.createOrganization('Short Lived')).organization!.id;
      const u = (await sdk.user.createUserAndMembership(org, { email: 'stays@example.com', sendInvitationEmail: false })).user!;
      await sdk.user.createMembership(orgA, u.id, { sendInvitationEmail: false });
      await sdk.organization.deleteOrganization(org);
      expect((await sdk.user.getUser(u.id)).user!.memberships.map((m) => m.organizationId)).toEqual([orgA]);
      expect(await server.core.storage.db.selectFrom('memberships').select('id').where('organization_id', '=', org).execute()).toEqual([]);
    });
  });
}
