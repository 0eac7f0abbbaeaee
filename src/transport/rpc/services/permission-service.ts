import type { Kysely } from 'kysely';
import { PermissionType, RolesService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/roles/roles_pb.js';
import type { Tables } from '../../../storage/schema.js';
import { invalidArgument } from '../../../modules/errors/domain-error.js';
import * as permissions from '../../../modules/roles/permissions.js';
import type { Permission } from '../../../modules/roles/permission.js';
import { attachPermissions, detachPermission, directPermissions, effectivePermissions, permissionIdsOf } from '../../../modules/roles/role-permissions.js';
import { getRole } from '../../../modules/roles/roles.js';
import { bind } from '../rpc-types.js';
import { ts } from '../timestamps.js';

// Latchkey defines no built-in (Scalekit) permissions: every one is the environment's own.
const toProto = (p: Permission) => ({ id: p.id, name: p.name, description: p.description, createTime: ts(p.createdAt), updateTime: ts(p.updatedAt), isScalekitPermission: false });

/** RolesService, the permission half: permissions CRUD and the permissions of environment roles. */
export function permissionService(db: Kysely<Tables>) {
  const role = (envId: string, name: string) => getRole(db, { envId }, name);
  return bind(RolesService, {
    async createPermission(req, ctx) {
      if (!req.permission) throw invalidArgument('permission', 'is required');
      return { permission: toProto(await permissions.createPermission(db, ctx.principal.environmentId, req.permission)) };
    },
    async getPermission(req, ctx) {
      return { permission: toProto(await permissions.getPermission(db, ctx.principal.environmentId, req.permissionName)) };
    },
    async updatePermission(req, ctx) {
      return { permission: toProto(await permissions.updatePermission(db, ctx.principal.environmentId, req.permissionName, req.permission ?? {})) };
    },
    async listPermissions(req, ctx) {
      if (req.type === PermissionType.SCALEKIT) return { permissions: [], nextPageToken: '', prevPageToken: '', totalSize: 0 };
      const page = await permissions.listPermissions(db, ctx.principal.environmentId, { pageSize: req.pageSize, pageToken: req.pageToken });
      return { permissions: page.items.map(toProto), nextPageToken: page.nextPageToken, prevPageToken: page.prevPageToken, totalSize: page.totalSize };
    },
    async deletePermission(req, ctx) {
      await permissions.deletePermission(db, ctx.principal.environmentId, req.permissionName);
      return {};
    },
    async listRolePermissions(req, ctx) {
      return { permissions: (await directPermissions(db, (await role(ctx.principal.environmentId, req.roleName)).id)).map(toProto) };
    },
    async addPermissionsToRole(req, ctx) {
      const envId = ctx.principal.environmentId;
      const r = await role(envId, req.roleName);
      if (!req.permissionNames.length) throw invalidArgument('permission_names', 'must name at least one permission');
      await attachPermissions(db, r.id, await permissionIdsOf(db, envId, req.permissionNames, 'permission_names'));
      return { permissions: (await directPermissions(db, r.id)).map(toProto) };
    },
    async removePermissionFromRole(req, ctx) {
      if (!req.permissionName) throw invalidArgument('permission_name', 'is required');
      await detachPermission(db, await role(ctx.principal.environmentId, req.roleName), req.permissionName);
      return {};
    },
    async listEffectiveRolePermissions(req, ctx) {
      return { permissions: (await effectivePermissions(db, await role(ctx.principal.environmentId, req.roleName))).map(toProto) };
    },
  });
}
