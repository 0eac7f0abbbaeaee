import { DomainError } from '../errors/domain-error.js';
import { findUserRow } from '../users/user-ref.js';
import { nowOf, type SessionDeps } from './session-deps.js';
import { expireLapsed } from './expire-lapsed.js';
import { findSessionRow } from './read-sessions.js';
import { sessionFromRow } from './session-rows.js';
import type { EndReason, Session } from './session.js';

/** The columns an end sets: a logout records logout_at, a revocation expired_at (as the wire documents them). */
function endColumns(reason: EndReason, at: string) {
  return reason === 'LOGGED_OUT' ? { status: 'logout' as const, logout_at: at, updated_at: at } : { status: 'revoked' as const, expired_at: at, updated_at: at };
}

/**
 * Ends an active session (logout from the app, by the authorization server). Undefined when there is
 * no such session or it had already ended: a logout is done either way.
 */
export async function endSession(deps: SessionDeps, sessionId: string, reason: EndReason = 'LOGGED_OUT'): Promise<Session | undefined> {
  if (!sessionId) return undefined;
  const now = nowOf(deps);
  await expireLapsed(deps.db, { sessionId }, now);
  const row = await deps.db.updateTable('user_sessions').set(endColumns(reason, now.toISOString())).where('id', '=', sessionId).where('status', '=', 'active').returningAll().executeTakeFirst();
  return row ? sessionFromRow(row) : undefined;
}

/**
 * RevokeSession: an active session becomes revoked. Revoking it again answers the same revoked session
 * (a retried call succeeds); one that expired or was logged out cannot be revoked any more.
 */
export async function revokeSession(deps: SessionDeps, environmentId: string, sessionId: string): Promise<Session> {
  const now = nowOf(deps);
  const row = await findSessionRow(deps.db, environmentId, sessionId, now);
  const ended = row.status === 'active' ? await endSession(deps, row.id, 'REVOKED') : undefined;
  if (ended) return ended;
  const current = await findSessionRow(deps.db, environmentId, sessionId, now);
  if (current.status === 'revoked') return sessionFromRow(current);
  throw new DomainError('failed_precondition', `session '${sessionId}' is ${current.status === 'logout' ? 'logged out' : 'expired'}; only an active session can be revoked`, { reason: 'SESSION_NOT_ACTIVE' });
}

/** RevokeAllUserSessions: every session of the user still active right now, revoked in one statement. */
export async function revokeAllUserSessions(deps: SessionDeps, environmentId: string, userId: string): Promise<Session[]> {
  const user = await findUserRow(deps.db, environmentId, { id: userId });
  const now = nowOf(deps);
  await expireLapsed(deps.db, { environmentId, userId: user.id }, now);
  const rows = await deps.db
    .updateTable('user_sessions')
    .set(endColumns('REVOKED', now.toISOString()))
    .where('environment_id', '=', environmentId)
    .where('user_id', '=', user.id)
    .where('status', '=', 'active')
    .returningAll()
    .execute();
  return rows.map(sessionFromRow).sort((a, b) => (a.id < b.id ? -1 : 1));
}
