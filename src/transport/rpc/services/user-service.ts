import { UserService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/users/users_pb.js';
import { invalidArgument } from '../../../modules/errors/domain-error.js';
import * as users from '../../../modules/users/users.js';
import type { UserRef } from '../../../modules/users/user-ref.js';
import type { DirectoryDeps } from '../../../modules/users/add-membership.js';
import { addMembership } from '../../../modules/users/add-membership.js';
import { createUserAndMembership } from '../../../modules/users/create-user-and-membership.js';
import { deleteMembership, updateMembership } from '../../../modules/users/change-membership.js';
import { listOrganizationUsers } from '../../../modules/users/organization-users.js';
import { resendInvite } from '../../../modules/users/resend-invite.js';
import { bind } from '../rpc-types.js';
import { ts } from '../timestamps.js';
import { profileFromProto, userPageToProto, userToProto } from './user-proto.js';

type Identities = { case: 'id'; value: string } | { case: 'externalId'; value: string } | { case: undefined; value?: undefined };

function refOf(identities: Identities): UserRef {
  if (identities.case === 'id') return { id: identities.value };
  if (identities.case === 'externalId') return { externalId: identities.value };
  throw invalidArgument('id', 'or external_id is required');
}

// proto3 maps have no presence: an empty map is "not sent".
const sentMap = (m: Record<string, string>) => (Object.keys(m).length ? m : undefined);
const roleNames = (roles: { name: string }[] | undefined) => (roles ?? []).map((r) => r.name);

/** UserService (ListUserRoles / AssignUserRoles / RemoveUserRole live in the roles binding). */
export function userService(deps: DirectoryDeps) {
  const { db } = deps;
  return bind(UserService, {
    async createUserAndMembership(req, ctx) {
      if (!req.user) throw invalidArgument('user', 'is required');
      const u = req.user;
      const user = await createUserAndMembership(deps, ctx.principal.environmentId, {
        organizationId: req.organizationId,
        user: { email: u.email, externalId: u.externalId, profile: profileFromProto(u.userProfile), metadata: u.metadata },
        membership: { roles: roleNames(u.membership?.roles), metadata: sentMap(u.membership?.metadata ?? {}), inviterEmail: u.membership?.inviterEmail },
        // The SDK documents the invitation as sent unless asked not to.
        sendInvitation: req.sendInvitationEmail ?? true,
      });
      return { user: userToProto(user) };
    },
    async getUser(req, ctx) {
      return { user: userToProto(await users.getUser(db, ctx.principal.environmentId, refOf(req.identities))) };
    },
    async updateUser(req, ctx) {
      if (!req.user) throw invalidArgument('user', 'is required');
      const u = req.user;
      const user = await users.updateUser(db, ctx.principal.environmentId, refOf(req.identities), {
        externalId: u.externalId,
        profile: profileFromProto(u.userProfile),
        metadata: sentMap(u.metadata),
      });
      return { user: userToProto(user) };
    },
    async deleteUser(req, ctx) {
      await users.deleteUser(db, ctx.principal.environmentId, refOf(req.identities));
      return {};
    },
    async listUsers(req, ctx) {
      return userPageToProto(await users.listUsers(db, ctx.principal.environmentId, { pageSize: req.pageSize, pageToken: req.pageToken }));
    },
    async searchUsers(req, ctx) {
      return userPageToProto(await users.listUsers(db, ctx.principal.environmentId, { pageSize: req.pageSize, pageToken: req.pageToken, query: req.query }));
    },
    async listOrganizationUsers(req, ctx) {
      return userPageToProto(await listOrganizationUsers(db, ctx.principal.environmentId, req.organizationId, { pageSize: req.pageSize, pageToken: req.pageToken }));
    },
    async searchOrganizationUsers(req, ctx) {
      return userPageToProto(
        await listOrganizationUsers(db, ctx.principal.environmentId, req.organizationId, { pageSize: req.pageSize, pageToken: req.pageToken, query: req.query }),
      );
    },
    async createMembership(req, ctx) {
      const m = req.membership;
      const user = await addMembership(deps, ctx.principal.environmentId, {
        organizationId: req.organizationId,
        user: refOf(req.identities),
        membership: { roles: roleNames(m?.roles), metadata: sentMap(m?.metadata ?? {}), inviterEmail: m?.inviterEmail },
        sendInvitation: req.sendInvitationEmail ?? true,
      });
      return { user: userToProto(user) };
    },
    async updateMembership(req, ctx) {
      const user = await updateMembership(db, ctx.principal.environmentId, {
        organizationId: req.organizationId,
        user: refOf(req.identities),
        roles: roleNames(req.membership?.roles),
        metadata: sentMap(req.membership?.metadata ?? {}),
      });
      return { user: userToProto(user) };
    },
    async deleteMembership(req, ctx) {
      await deleteMembership(db, ctx.principal.environmentId, { organizationId: req.organizationId, user: refOf(req.identities), cascade: req.cascade ?? false });
      return {};
    },
    async resendInvite(req, ctx) {
      const invite = await resendInvite(deps, ctx.principal.environmentId, { organizationId: req.organizationId, userId: req.id });
      return {
        invite: {
          organizationId: invite.organizationId,
          userId: invite.userId,
          inviterEmail: invite.inviterEmail,
          status: invite.status,
          createdAt: ts(invite.createdAt),
          expiresAt: ts(invite.expiresAt),
          resentAt: ts(invite.resentAt),
          resentCount: invite.resentCount,
        },
      };
    },
  });
}
