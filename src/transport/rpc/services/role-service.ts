import type { Kysely } from 'kysely';
import { RolesService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/roles/roles_pb.js';
import type { Tables } from '../../../storage/schema.js';
import type { RoleRow } from '../../../storage/schema-roles-domains-tokens.js';
import { invalidArgument } from '../../../modules/errors/domain-error.js';
import * as roles from '../../../modules/roles/roles.js';
import { deleteRole } from '../../../modules/roles/delete-role.js';
import { defaultMemberRoleOf, environmentRoleDefaults } from '../../../modules/roles/default-roles.js';
import { dependentRoles } from '../../../modules/roles/role-inheritance.js';
import { roleUsersCount } from '../../../modules/roles/role-users.js';
import { updateDefaultOrganizationRole, updateDefaultRoles } from '../../../modules/roles/update-default-roles.js';
import { viewRole, type DefaultsInView, type RoleView } from '../../../modules/roles/role-view.js';
import type { RoleScope } from '../../../modules/roles/role.js';
import { bind } from '../rpc-types.js';
import { ts } from '../timestamps.js';

export function roleToProto(r: RoleView) {
  return {
    id: r.id,
    name: r.name,
    displayName: r.displayName,
    description: r.description,
    defaultCreator: r.defaultCreator,
    defaultMember: r.defaultMember,
    extends: r.baseRole,
    permissions: r.permissions.map((p) => ({ id: p.id, name: p.name, description: p.description, createTime: ts(p.createdAt), updateTime: ts(p.updatedAt), roleName: p.roleName })),
    dependentRolesCount: r.dependentRolesCount,
    isOrgRole: r.isOrgRole,
  };
}

/** Which roles a listing marks as defaults: an organization may have its own default member role. */
async function defaultsIn(db: Kysely<Tables>, scope: RoleScope): Promise<DefaultsInView> {
  const env = await environmentRoleDefaults(db, scope.envId);
  return scope.organizationId ? { ...env, defaultMemberRole: await defaultMemberRoleOf(db, scope.envId, scope.organizationId) } : env;
}

/** RolesService, the role half (permission-service.ts binds the rest of the same service). */
export function roleService(db: Kysely<Tables>) {
  const show = async (scope: RoleScope, row: RoleRow) => roleToProto(await viewRole(db, row, await defaultsIn(db, scope)));
  const showAll = async (scope: RoleScope, rows: RoleRow[]) => {
    const defaults = await defaultsIn(db, scope);
    return Promise.all(rows.map(async (r) => roleToProto(await viewRole(db, r, defaults))));
  };
  const env = (envId: string): RoleScope => ({ envId });
  const org = (envId: string, orgId: string) => roles.organizationScope(db, envId, orgId);
  const create = (role: { name: string; displayName: string; description?: string; extends?: string; permissions: string[] } | undefined) => {
    if (!role) throw invalidArgument('role', 'is required');
    return role;
  };
  const update = (role: { displayName?: string; description?: string; extends?: string; permissions: string[] } | undefined) => role ?? { permissions: [] };

  return bind(RolesService, {
    async createRole(req, ctx) {
      const scope = env(ctx.principal.environmentId);
      return { role: await show(scope, await roles.createRole(db, scope, create(req.role))) };
    },
    async getRole(req, ctx) {
      const scope = env(ctx.principal.environmentId);
      return { role: await show(scope, await roles.getRole(db, scope, req.roleName)) };
    },
    async listRoles(_req, ctx) {
      const scope = env(ctx.principal.environmentId);
      return { roles: await showAll(scope, await roles.listRoles(db, scope)) };
    },
    async updateRole(req, ctx) {
      const scope = env(ctx.principal.environmentId);
      return { role: await show(scope, await roles.updateRole(db, scope, req.roleName, update(req.role))) };
    },
    async deleteRole(req, ctx) {
      await deleteRole(db, env(ctx.principal.environmentId), req.roleName, req.reassignRoleName);
      return {};
    },
    async deleteRoleBase(req, ctx) {
      await roles.deleteRoleBase(db, env(ctx.principal.environmentId), req.roleName);
      return {};
    },
    async listDependentRoles(req, ctx) {
      const scope = env(ctx.principal.environmentId);
      return { roles: await showAll(scope, await dependentRoles(db, await roles.getRole(db, scope, req.roleName))) };
    },
    async getRoleUsersCount(req, ctx) {
      const scope = env(ctx.principal.environmentId);
      await roles.getRole(db, scope, req.roleName);
      return { count: BigInt(await roleUsersCount(db, scope, req.roleName)) };
    },
    async updateDefaultRoles(req, ctx) {
      const envId = ctx.principal.environmentId;
      const { member, creator } = await updateDefaultRoles(db, envId, {
        member: req.defaultMemberRole || req.defaultMember?.name || undefined,
        creator: req.defaultCreatorRole || req.defaultCreator?.name || undefined,
        memberField: req.defaultMemberRole ? 'default_member_role' : req.defaultMember ? 'default_member.name' : 'default_member_role',
        creatorField: req.defaultCreatorRole ? 'default_creator_role' : 'default_creator.name',
      });
      const scope = env(envId);
      return { defaultMember: member && (await show(scope, member)), defaultCreator: creator && (await show(scope, creator)) };
    },
    async createOrganizationRole(req, ctx) {
      const scope = await org(ctx.principal.environmentId, req.orgId);
      return { role: await show(scope, await roles.createRole(db, scope, create(req.role))) };
    },
    async getOrganizationRole(req, ctx) {
      const scope = await org(ctx.principal.environmentId, req.orgId);
      return { role: await show(scope, await roles.getVisibleRole(db, scope, req.roleName)) };
    },
    async listOrganizationRoles(req, ctx) {
      const scope = await org(ctx.principal.environmentId, req.orgId);
      return { roles: await showAll(scope, await roles.listRoles(db, scope)) };
    },
    async updateOrganizationRole(req, ctx) {
      const scope = await org(ctx.principal.environmentId, req.orgId);
      return { role: await show(scope, await roles.updateRole(db, scope, req.roleName, update(req.role))) };
    },
    async deleteOrganizationRole(req, ctx) {
      await deleteRole(db, await org(ctx.principal.environmentId, req.orgId), req.roleName, req.reassignRoleName);
      return {};
    },
    async deleteOrganizationRoleBase(req, ctx) {
      await roles.deleteRoleBase(db, await org(ctx.principal.environmentId, req.orgId), req.roleName);
      return {};
    },
    async getOrganizationRoleUsersCount(req, ctx) {
      const scope = await org(ctx.principal.environmentId, req.orgId);
      await roles.getVisibleRole(db, scope, req.roleName);
      return { count: BigInt(await roleUsersCount(db, scope, req.roleName)) };
    },
    async updateDefaultOrganizationRoles(req, ctx) {
      const scope = (await org(ctx.principal.environmentId, req.orgId)) as Required<RoleScope>;
      return { defaultMember: await show(scope, await updateDefaultOrganizationRole(db, scope, req.defaultMemberRole)) };
    },
  });
}
