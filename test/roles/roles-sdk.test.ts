import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScalekitClient } from '@scalekit-sdk/node';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';

for (const dialect of DIALECTS) {
  describe(`environment roles through the SDK (${dialect.name})`, () => {
    let server: TestServer;
    let sdk: ScalekitClient;

    beforeAll(async () => {
      server = await startTestServer({ databaseUrl: dialect.databaseUrl });
      const client = await server.newClient();
      sdk = new ScalekitClient(server.url, client.clientId, client.clientSecret);
    });
    afterAll(async () => server?.close());

    it('starts with admin and member, member the default for new members and admin for creators', async () => {
      const { roles } = await sdk.role.listRoles();
      expect(roles.map((r) => [r.name, r.defaultMember, r.defaultCreator, r.isOrgRole])).toEqual([
        ['admin', false, true, false],
        ['member', true, false, false],
      ]);
      // Both environments were seeded when they were created.
      const rows = await server.core.storage.db.selectFrom('roles').select(['environment_id', 'name']).where('organization_id', 'is', null).orderBy('name').execute();
      expect(rows.map((r) => r.name)).toEqual(['admin', 'admin', 'member', 'member']);
      expect(new Set(rows.map((r) => r.environment_id)).size).toBe(2);
    });

    it('creates, reads, updates and deletes a role with permissions and a base', async () => {
      await sdk.permission.createPermission({ name: 'invoices:read', description: 'Read invoices' } as never);
      await sdk.permission.createPermission({ name: 'invoices:write', description: 'Write invoices' } as never);
      const viewer = await sdk.role.createRole({ name: 'viewer', displayName: 'Viewer', description: 'Reads', permissions: ['invoices:read'] } as never);
      expect(viewer.role).toMatchObject({ name: 'viewer', displayName: 'Viewer', description: 'Reads', isOrgRole: false, dependentRolesCount: 0 });
      expect(viewer.role?.id).toMatch(/^role_/);
      expect(viewer.role?.permissions.map((p) => [p.name, p.roleName])).toEqual([['invoices:read', 'viewer']]);

      const editor = await sdk.role.createRole({ name: 'editor', displayName: 'Editor', extends: 'viewer', permissions: ['invoices:write'] } as never);
      expect(editor.role?.extends).toBe('viewer');
      // Effective permissions include the base's, each labelled with the role that grants it.
      expect(editor.role?.permissions.map((p) => [p.name, p.roleName])).toEqual([
        ['invoices:read', 'viewer'],
        ['invoices:write', 'editor'],
      ]);
      const effective = await sdk.permission.listEffectiveRolePermissions('editor');
      expect(effective.permissions.map((p) => p.name)).toEqual(['invoices:read', 'invoices:write']);
      const direct = await sdk.permission.listRolePermissions('editor');
      expect(direct.permissions.map((p) => p.name)).toEqual(['invoices:write']);

      expect((await sdk.role.getRole('viewer')).role?.dependentRolesCount).toBe(1);
      expect((await sdk.role.listDependentRoles('viewer')).roles.map((r) => r.name)).toEqual(['editor']);

      const updated = await sdk.role.updateRole('editor', { displayName: 'Editors', description: 'Edits' } as never);
      expect(updated.role).toMatchObject({ displayName: 'Editors', description: 'Edits', extends: 'viewer' });
      // Only what was sent changed: the permissions stayed.
      expect((await sdk.permission.listRolePermissions('editor')).permissions.map((p) => p.name)).toEqual(['invoices:write']);

      // A base that others extend stays until they stop extending it.
      await expect(sdk.role.deleteRole('viewer')).rejects.toMatchObject({ grpcStatus: 9, message: expect.stringContaining("the base of 'editor'") });
      await sdk.role.deleteRoleBase('editor');
      expect((await sdk.role.getRole('editor')).role?.extends).toBeUndefined();
      expect((await sdk.permission.listEffectiveRolePermissions('editor')).permissions.map((p) => p.name)).toEqual(['invoices:write']);
      await sdk.role.deleteRole('viewer');
      await expect(sdk.role.getRole('viewer')).rejects.toMatchObject({ grpcStatus: 5, errorCode: 'ROLE_NOT_FOUND' });
      await sdk.role.deleteRole('editor');
    });

    it('refuses inheritance cycles, unknown bases and duplicate names', async () => {
      await sdk.role.createRole({ name: 'a1', displayName: 'A1' } as never);
      await sdk.role.createRole({ name: 'b1', displayName: 'B1', extends: 'a1' } as never);
      await expect(sdk.role.updateRole('a1', { extends: 'b1' } as never)).rejects.toMatchObject({
        grpcStatus: 3,
        message: expect.stringContaining('role.extends would make a cycle'),
      });
      await expect(sdk.role.updateRole('a1', { extends: 'a1' } as never)).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('cannot extend itself') });
      await expect(sdk.role.createRole({ name: 'c1', displayName: 'C1', extends: 'nope' } as never)).rejects.toMatchObject({ grpcStatus: 5 });
      await expect(sdk.role.createRole({ name: 'a1', displayName: 'Again' } as never)).rejects.toMatchObject({ grpcStatus: 6, errorCode: 'ROLE_EXISTS' });
    });

    it('moves the defaults with UpdateDefaultRoles and protects default roles from deletion', async () => {
      await sdk.role.createRole({ name: 'newbie', displayName: 'Newbie' } as never);
      const res = await sdk.role.updateDefaultRoles({ defaultMemberRole: 'newbie' });
      expect(res.defaultMember?.name).toBe('newbie');
      expect(res.defaultMember?.defaultMember).toBe(true);
      expect(res.defaultCreator?.name).toBe('admin');
      const { roles } = await sdk.role.listRoles();
      expect(roles.filter((r) => r.defaultMember).map((r) => r.name)).toEqual(['newbie']);
      await expect(sdk.role.deleteRole('newbie')).rejects.toMatchObject({ grpcStatus: 9, errorCode: 'ROLE_IS_DEFAULT' });
      await expect(sdk.role.updateDefaultRoles({ defaultCreatorRole: 'ghost' })).rejects.toMatchObject({
        grpcStatus: 3,
        message: expect.stringContaining('default_creator_role names no role'),
      });
      await sdk.role.updateDefaultRoles({ defaultMemberRole: 'member' });
      await sdk.role.deleteRole('newbie');
    });

    it('runs permissions CRUD with pages, and deleting a permission takes it off its roles', async () => {
      const names = ['docs:read', 'docs:write', 'docs:share'];
      for (const name of names) await sdk.permission.createPermission({ name, description: `about ${name}` } as never);
      const got = await sdk.permission.getPermission('docs:read');
      expect(got.permission).toMatchObject({ name: 'docs:read', description: 'about docs:read', isScalekitPermission: false });
      expect(got.permission?.id).toMatch(/^perm_/);
      const upd = await sdk.permission.updatePermission('docs:read', { name: 'docs:read', description: 'Read docs' } as never);
      expect(upd.permission?.description).toBe('Read docs');
      await expect(sdk.permission.updatePermission('docs:read', { name: 'docs:renamed', description: '' } as never)).rejects.toMatchObject({
        grpcStatus: 3,
        message: expect.stringContaining('permission.name cannot be changed'),
      });

      const first = await sdk.permission.listPermissions(undefined, 2);
      expect(first.totalSize).toBeGreaterThanOrEqual(3);
      const second = await sdk.permission.listPermissions(first.nextPageToken, 2);
      expect(second.permissions.map((p) => p.id)).not.toContain(first.permissions[0].id);

      await sdk.role.createRole({ name: 'writer', displayName: 'Writer' } as never);
      const added = await sdk.permission.addPermissionsToRole('writer', ['docs:write', 'docs:share']);
      expect(added.permissions.map((p) => p.name)).toEqual(['docs:share', 'docs:write']);
      await sdk.permission.deletePermission('docs:share');
      expect((await sdk.permission.listRolePermissions('writer')).permissions.map((p) => p.name)).toEqual(['docs:write']);
      await expect(sdk.permission.getPermission('docs:share')).rejects.toMatchObject({ grpcStatus: 5, errorCode: 'PERMISSION_NOT_FOUND' });
      await expect(sdk.permission.removePermissionFromRole('writer', 'docs:read')).rejects.toMatchObject({ grpcStatus: 5, errorCode: 'ROLE_PERMISSION_NOT_FOUND' });
      await expect(sdk.permission.addPermissionsToRole('writer', ['nope:nope'])).rejects.toMatchObject({ grpcStatus: 5, errorCode: 'PERMISSION_NOT_FOUND' });
      await expect(sdk.permission.createPermission({ name: 'docs:write', description: '' } as never)).rejects.toMatchObject({ grpcStatus: 6 });
      await expect(sdk.permission.createPermission({ name: 'bad perm', description: '' } as never)).rejects.toMatchObject({
        grpcStatus: 3,
        message: expect.stringContaining('permission.name must be'),
      });
      await expect(sdk.permission.createPermission({ name: '', description: '' } as never)).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('permission.name is required') });
    });

    it('refuses bad input naming the field', async () => {
      await expect(sdk.role.createRole({ name: 'has space', displayName: 'X' } as never)).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('role.name must be') });
      await expect(sdk.role.createRole({ name: 'ok', displayName: '  ' } as never)).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('role.display_name is required') });
      await expect(sdk.role.createRole({ name: 'ok', displayName: 'Ok', permissions: ['missing:perm'] } as never)).rejects.toMatchObject({
        grpcStatus: 5,
        errorCode: 'PERMISSION_NOT_FOUND',
      });
      await expect(sdk.role.createRole({ name: 'ok2', displayName: 'Ok', description: 'x'.repeat(1001) } as never)).rejects.toMatchObject({
        grpcStatus: 3,
        message: expect.stringContaining('role.description must be at most 1000 characters'),
      });
      await expect(sdk.role.updateRole('ghost', { displayName: 'G' } as never)).rejects.toMatchObject({ grpcStatus: 5, errorCode: 'ROLE_NOT_FOUND' });
      await expect(sdk.role.deleteRole('ghost')).rejects.toMatchObject({ grpcStatus: 5 });
    });
  });
}
