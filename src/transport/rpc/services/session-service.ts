import { SessionService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/sessions/sessions_pb.js';
import { timestampDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import type { Session, Sessions } from '../../../modules/sessions/index.js';
import { describeDevice } from '../../../modules/sessions/describe-device.js';
import { bind } from '../rpc-types.js';
import { ts } from '../timestamps.js';

/** The fields SessionDetails and RevokedSessionDetails share. */
function commonToProto(s: Session) {
  return {
    sessionId: s.id,
    userId: s.userId,
    createdAt: ts(s.createdAt),
    updatedAt: ts(s.updatedAt),
    idleExpiresAt: ts(s.idleExpiresAt),
    absoluteExpiresAt: ts(s.absoluteExpiresAt),
    expiredAt: ts(s.expiredAt),
    logoutAt: ts(s.logoutAt),
    status: s.status,
    lastActiveAt: ts(s.lastActiveAt),
  };
}

function detailsToProto(s: Session) {
  return {
    ...commonToProto(s),
    organizationId: s.organizationId ?? '',
    authenticatedOrganizations: s.organizationId ? [s.organizationId] : [],
    authenticatedClients: s.clientId ? [{ clientId: s.clientId, organizationId: s.organizationId ?? '' }] : [],
    device: describeDevice(s.userAgent, s.ip),
  };
}

const dateOf = (t: Timestamp | undefined) => (t ? timestampDate(t) : undefined);

/** SessionService: the end-user sessions of app sign-in, read and revoked by the app's backend. */
export function sessionService(sessions: Sessions) {
  return bind(SessionService, {
    async getSession(req, ctx) {
      return detailsToProto(await sessions.getSession(ctx.principal.environmentId, req.sessionId));
    },
    async getUserSessions(req, ctx) {
      const page = await sessions.listUserSessions(ctx.principal.environmentId, req.userId, {
        statuses: req.filter?.status,
        startTime: dateOf(req.filter?.startTime),
        endTime: dateOf(req.filter?.endTime),
        pageSize: req.pageSize,
        pageToken: req.pageToken,
      });
      return { sessions: page.items.map(detailsToProto), nextPageToken: page.nextPageToken, prevPageToken: page.prevPageToken, totalSize: page.totalSize };
    },
    async revokeSession(req, ctx) {
      return { revokedSession: commonToProto(await sessions.revokeSession(ctx.principal.environmentId, req.sessionId)) };
    },
    async revokeAllUserSessions(req, ctx) {
      const revoked = await sessions.revokeAllUserSessions(ctx.principal.environmentId, req.userId);
      return { revokedSessions: revoked.map(commonToProto), totalRevoked: revoked.length };
    },
  });
}
