import type { Kysely } from 'kysely';
import { UserService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/users/users_pb.js';
import type { Tables } from '../../../storage/schema.js';
import type { RoleRow } from '../../../storage/schema-roles-domains-tokens.js';
import { assignRoles, findMembership, membershipPermissions, membershipRoles, removeRole } from '../../../modules/roles/membership-roles.js';
import { bind } from '../rpc-types.js';

const roleToProto = (r: RoleRow) => ({ id: r.id, name: r.name, displayName: r.display_name });

/** UserService's role RPCs: a binding of its own beside the user directory's. */
export function userRoleRpcs(db: Kysely<Tables>) {
  const membership = (envId: string, req: { organizationId: string; userId: string }) => findMembership(db, envId, req.organizationId, req.userId);
  return bind(UserService, {
    async listUserRoles(req, ctx) {
      return { roles: (await membershipRoles(db, await membership(ctx.principal.environmentId, req))).map(roleToProto) };
    },
    async assignUserRoles(req, ctx) {
      const ref = await membership(ctx.principal.environmentId, req);
      return { roles: (await assignRoles(db, ref, req.roles.map((r) => ({ id: r.id, name: r.roleName })))).map(roleToProto) };
    },
    async removeUserRole(req, ctx) {
      await removeRole(db, await membership(ctx.principal.environmentId, req), req.roleName);
      return {};
    },
    async listUserPermissions(req, ctx) {
      const perms = await membershipPermissions(db, await membership(ctx.principal.environmentId, req));
      return { permissions: perms.map((p) => ({ id: p.id, name: p.name, description: p.description, tags: [] })) };
    },
  });
}
