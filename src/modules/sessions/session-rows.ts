import type { UserSessionRow } from '../../storage/schema-sessions.js';
import type { Session } from './session.js';

const date = (s: string | null): Date | undefined => (s ? new Date(s) : undefined);

export function sessionFromRow(r: UserSessionRow): Session {
  return {
    id: r.id,
    environmentId: r.environment_id,
    userId: r.user_id,
    organizationId: r.organization_id ?? undefined,
    clientId: r.client_id ?? undefined,
    status: r.status,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    lastActiveAt: new Date(r.last_active_at),
    idleExpiresAt: new Date(r.idle_expires_at),
    absoluteExpiresAt: new Date(r.absolute_expires_at),
    expiredAt: date(r.expired_at),
    logoutAt: date(r.logout_at),
    ip: r.ip ?? undefined,
    userAgent: r.user_agent ?? undefined,
  };
}
