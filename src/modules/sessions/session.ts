/** The wire's status strings (SessionDetails.status), stored as sent. */
export type SessionStatus = 'active' | 'expired' | 'revoked' | 'logout';
export const SESSION_STATUSES: readonly SessionStatus[] = ['active', 'expired', 'revoked', 'logout'];

/** How an active session ends on purpose: the user logs out, or an administrator revokes it. */
export type EndReason = 'LOGGED_OUT' | 'REVOKED';

/** One end-user session of app sign-in (`ses_…`). */
export interface Session {
  id: string;
  environmentId: string;
  userId: string;
  /** The organization signed in to, when there is one. */
  organizationId: string | undefined;
  /** The API client (app) the user signed in to, when known. */
  clientId: string | undefined;
  status: SessionStatus;
  createdAt: Date;
  updatedAt: Date;
  lastActiveAt: Date;
  /** Equals absoluteExpiresAt when the policy has no idle timeout. */
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
  /** When it expired or was revoked. */
  expiredAt: Date | undefined;
  /** When the user logged out. */
  logoutAt: Date | undefined;
  ip: string | undefined;
  userAgent: string | undefined;
}

export interface StartSessionInput {
  environmentId: string;
  userId: string;
  organizationId?: string;
  /** The API client the user signs in to (SessionDetails.authenticated_clients). */
  clientId?: string;
  ip?: string;
  userAgent?: string;
}

export interface StartedSession {
  sessionId: string;
  idleExpiresAt: Date;
  absoluteExpiresAt: Date;
}

export type SessionCheck = { active: true; idleExpiresAt: Date; absoluteExpiresAt: Date } | { active: false; status: Exclude<SessionStatus, 'active'> | 'unknown' };
