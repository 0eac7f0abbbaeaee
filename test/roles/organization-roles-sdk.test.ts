import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScalekitClient } from '@scalekit-sdk/node';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { envAccessToken } from '../helpers/env-token.js';

for (const dialect of DIALECTS) {
  describe(`organization roles and user roles through the SDK (${dialect.name})`, () => {
    let server: TestServer;
    let sdk: ScalekitClient;
    let other: ScalekitClient;
    let client: { clientId: string; clientSecret: string };

    beforeAll(async () => {
      server = await startTestServer({ databaseUrl: dialect.databaseUrl });
      client = await server.newClient();
      sdk = new ScalekitClient(server.url, client.clientId, client.clientSecret);
      const prod = await server.newClient('production');
      other = new ScalekitClient(server.url, prod.clientId, prod.clientSecret);
    });
    afterAll(async () => {
      if (process.env.DEBUG_LOGS) console.log(server.logs.filter((l) => /unexpected|"level":[45]0/.test(l)).join('\n'));
      await server?.close();
    });

    const newOrg = async (name: string) => (await sdk.organization.createOrganization(name)).organization!.id;
    const newMember = async (orgId: string, email: string) =>
      (await sdk.user.createUserAndMembership(orgId, { email, sendInvitationEmail: false })).user!.id;

    it('lists environment roles and the organization its own, with its own default member role', async () => {
      const orgId = await newOrg('Roles Org');
      const created = await sdk.role.createOrganizationRole(orgId, { name: 'auditor', displayName: 'Auditor', extends: 'member' } as never);
      expect(created.role).toMatchObject({ name: 'auditor', isOrgRole: true, extends: 'member' });
      const list = await sdk.role.listOrganizationRoles(orgId);
      expect(list.roles.map((r) => [r.name, r.isOrgRole])).toEqual([
        ['admin', false],
        ['member', false],
        ['auditor', true],
      ]);
      // Organization roles stay in their organization.
      expect((await sdk.role.listRoles()).roles.map((r) => r.name)).not.toContain('auditor');
      const otherOrg = await newOrg('Other Roles Org');
      await expect(sdk.role.getOrganizationRole(otherOrg, 'auditor')).rejects.toMatchObject({ grpcStatus: 5, errorCode: 'ROLE_NOT_FOUND' });
      // An environment role of the same name as an organization's would be ambiguous for its members.
      await expect(sdk.role.createRole({ name: 'auditor', displayName: 'A' } as never)).rejects.toMatchObject({ grpcStatus: 6 });

      const d = await sdk.role.updateDefaultOrganizationRoles(orgId, 'auditor');
      expect(d.defaultMember).toMatchObject({ name: 'auditor', defaultMember: true });
      expect((await sdk.role.listOrganizationRoles(orgId)).roles.filter((r) => r.defaultMember).map((r) => r.name)).toEqual(['auditor']);
      // Elsewhere the environment's default holds.
      expect((await sdk.role.listOrganizationRoles(otherOrg)).roles.filter((r) => r.defaultMember).map((r) => r.name)).toEqual(['member']);

      const userId = await newMember(orgId, 'auditor.one@example.com');
      expect((await sdk.user.listUserRoles(orgId, userId)).roles.map((r) => r.name)).toEqual(['auditor']);
      expect((await sdk.role.getOrganizationRoleUsersCount(orgId, 'auditor')).count).toBe(1n);
      await expect(sdk.role.deleteOrganizationRole(orgId, 'auditor')).rejects.toMatchObject({ grpcStatus: 9, errorCode: 'ROLE_IS_DEFAULT' });

      const upd = await sdk.role.updateOrganizationRole(orgId, 'auditor', { displayName: 'Auditors' } as never);
      expect(upd.role?.displayName).toBe('Auditors');
      await sdk.role.deleteOrganizationRoleBase(orgId, 'auditor');
      expect((await sdk.role.getOrganizationRole(orgId, 'auditor')).role?.extends).toBeUndefined();
    });

    it('deletes a held role only with a reassignment, which moves its holders', async () => {
      const orgId = await newOrg('Reassign Org');
      await sdk.role.createOrganizationRole(orgId, { name: 'temp', displayName: 'Temp' } as never);
      const userId = await newMember(orgId, 'temp.holder@example.com');
      await sdk.user.assignUserRoles(orgId, userId, ['temp']);
      expect((await sdk.user.listUserRoles(orgId, userId)).roles.map((r) => r.name).sort()).toEqual(['member', 'temp']);
      await expect(sdk.role.deleteOrganizationRole(orgId, 'temp')).rejects.toMatchObject({ grpcStatus: 9, errorCode: 'ROLE_IN_USE' });
      await sdk.role.deleteOrganizationRole(orgId, 'temp', 'admin');
      expect((await sdk.user.listUserRoles(orgId, userId)).roles.map((r) => r.name).sort()).toEqual(['admin', 'member']);
    });

    it('assigns and removes user roles and lists the permissions they grant, inherited ones included', async () => {
      const orgId = await newOrg('Perm Org');
      await sdk.permission.createPermission({ name: 'reports:read', description: '' } as never);
      await sdk.permission.createPermission({ name: 'reports:export', description: '' } as never);
      await sdk.permission.addPermissionsToRole('member', ['reports:read']);
      await sdk.role.createOrganizationRole(orgId, { name: 'exporter', displayName: 'Exporter', extends: 'member', permissions: ['reports:export'] } as never);
      const userId = await newMember(orgId, 'exporter@example.com');

      const assigned = await sdk.user.assignUserRoles(orgId, userId, ['exporter']);
      expect(assigned.roles.map((r) => r.name)).toEqual(['member', 'exporter']);
      expect((await sdk.user.listUserPermissions(orgId, userId)).permissions.map((p) => p.name)).toEqual(['reports:export', 'reports:read']);
      expect((await sdk.role.getRoleUsersCount('member')).count).toBeGreaterThanOrEqual(1n);

      await sdk.user.removeUserRole(orgId, userId, 'member');
      expect((await sdk.user.listUserRoles(orgId, userId)).roles.map((r) => r.name)).toEqual(['exporter']);
      // Still granted through exporter's base.
      expect((await sdk.user.listUserPermissions(orgId, userId)).permissions.map((p) => p.name)).toEqual(['reports:export', 'reports:read']);
      await expect(sdk.user.removeUserRole(orgId, userId, 'member')).rejects.toMatchObject({ grpcStatus: 5, errorCode: 'USER_ROLE_NOT_FOUND' });
      await expect(sdk.user.assignUserRoles(orgId, userId, ['ghost'])).rejects.toMatchObject({ grpcStatus: 5, errorCode: 'ROLE_NOT_FOUND' });

      await sdk.permission.removePermissionFromRole('member', 'reports:read');
      expect((await sdk.user.listUserPermissions(orgId, userId)).permissions.map((p) => p.name)).toEqual(['reports:export']);
    });

    it('keeps environments and organizations apart', async () => {
      const orgId = await newOrg('Isolated Org');
      await sdk.role.createOrganizationRole(orgId, { name: 'secret-role', displayName: 'S' } as never);
      const userId = await newMember(orgId, 'isolated@example.com');
      await expect(other.role.listOrganizationRoles(orgId)).rejects.toMatchObject({ grpcStatus: 5, errorCode: 'ORGANIZATION_NOT_FOUND' });
      await expect(other.user.listUserRoles(orgId, userId)).rejects.toMatchObject({ grpcStatus: 5 });
      await other.role.createRole({ name: 'prod-only', displayName: 'P' } as never);
      expect((await sdk.role.listRoles()).roles.map((r) => r.name)).not.toContain('prod-only');
      const otherOrg = await newOrg('Not A Member Org');
      await expect(sdk.user.listUserRoles(otherOrg, userId)).rejects.toMatchObject({ grpcStatus: 5, errorCode: 'MEMBERSHIP_NOT_FOUND' });
    });

    it('refuses bad input to every role write, naming the field', async () => {
      const orgId = await newOrg('Bad Role Input Org');
      const userId = await newMember(orgId, 'bad.input@example.com');
      const raw = (sdk.role as any).client;
      await expect(raw.updateDefaultOrganizationRoles({ orgId, defaultMemberRole: '' })).rejects.toMatchObject({ code: 3, rawMessage: expect.stringContaining('default_member_role is required') });
      await expect(sdk.role.updateDefaultOrganizationRoles(orgId, 'ghost')).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('default_member_role names no role') });
      await expect(sdk.role.createOrganizationRole('', { name: 'x', displayName: 'X' } as never)).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('org_id is required') });
      await expect(sdk.role.createOrganizationRole(orgId, { name: 'x:y', displayName: 'X' } as never)).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('role.name must be') });
      await expect(sdk.role.updateOrganizationRole(orgId, 'member', { displayName: 'M' } as never)).rejects.toMatchObject({ grpcStatus: 5, errorCode: 'ROLE_NOT_FOUND' });
      await sdk.role.createOrganizationRole(orgId, { name: 'gone-soon', displayName: 'G' } as never);
      await expect(sdk.role.deleteOrganizationRole(orgId, 'gone-soon', 'gone-soon')).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('reassign_role_name must name another role') });
      await expect(sdk.role.deleteOrganizationRole(orgId, 'gone-soon', 'ghost')).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('reassign_role_name names no role') });
      await expect(sdk.role.updateRole('member', { extends: 'bad name' } as never)).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('role.extends must be') });
      await expect(sdk.role.updateRole('member', { displayName: 'd'.repeat(201) } as never)).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('role.display_name must be at most 200') });
      await expect(sdk.permission.addPermissionsToRole('member', [])).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('permission_names must name at least one') });
      await expect(sdk.permission.addPermissionsToRole('member', ['bad perm'])).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('permission_names[0] must be') });
      await expect(sdk.permission.removePermissionFromRole('member', '')).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('permission_name is required') });
      await expect(sdk.permission.updatePermission('ghost:perm', { name: 'ghost:perm', description: '' } as never)).rejects.toMatchObject({ grpcStatus: 5 });
      await expect(sdk.permission.deletePermission('bad perm')).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('permission_name must be') });
      await expect(sdk.user.assignUserRoles(orgId, userId, [])).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('roles must name at least one role') });
      await expect(sdk.user.removeUserRole(orgId, userId, '')).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('role_name is required') });
      await expect(sdk.user.listUserRoles(orgId, 'usr_nobody')).rejects.toMatchObject({ grpcStatus: 5, errorCode: 'USER_NOT_FOUND' });
    });

    it('serves the roles over REST at the documented paths', async () => {
      const token = await envAccessToken(server.url, client);
      const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const created = await fetch(`${server.url}/api/v1/roles`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'rest-role', display_name: 'REST' }) });
      expect(created.status, await created.clone().text()).toBe(200);
      expect(((await created.json()) as any).role).toMatchObject({ name: 'rest-role', display_name: 'REST' });
      const got = await fetch(`${server.url}/api/v1/roles/rest-role`, { headers: auth });
      expect(((await got.json()) as any).role.name).toBe('rest-role');
      const perm = await fetch(`${server.url}/api/v1/permissions`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'rest:perm' }) });
      expect(perm.status).toBe(200);
      const byName = await fetch(`${server.url}/api/v1/permissions/rest:perm`, { headers: auth });
      expect(((await byName.json()) as any).permission.name).toBe('rest:perm');
      const bad = await fetch(`${server.url}/api/v1/roles`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'bad name', display_name: 'X' }) });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as any).details[0].validation_error_info.field_violations[0].field).toBe('role.name');
    });
  });
}
