import { nowOf, type SessionDeps } from './session-deps.js';
import { expireLapsed } from './expire-lapsed.js';
import { idleDeadline } from './session-timeouts.js';
import type { SessionCheck } from './session.js';
import type { UserSessionRow } from '../../storage/schema-sessions.js';

/** The columns the check decides on: a caller that read them with something else (the sign-in behind a token) passes them in. */
export type SessionState = Pick<UserSessionRow, 'status' | 'idle_timeout_seconds' | 'last_active_at' | 'idle_expires_at' | 'absolute_expires_at'>;

const TOUCH_INTERVAL_MS = 1000;

/**
 * Is the session still usable (a refresh, a logout check)? Use counts as activity: the idle window
 * moves forward. The touch is conditional, so a concurrent revoke or expiry always wins.
 */
export async function checkSession(deps: SessionDeps, sessionId: string, known?: SessionState): Promise<SessionCheck> {
  const { db } = deps;
  if (!sessionId) return { active: false, status: 'unknown' };
  const now = nowOf(deps);
  const at = now.toISOString();
  const row = known ?? (await db.selectFrom('user_sessions').selectAll().where('id', '=', sessionId).executeTakeFirst());
  if (!row) return { active: false, status: 'unknown' };
  // Used again within a second: the window would move by less than that, so skip the write
  // (a burst of refreshes, or many concurrent ones, would otherwise queue on this one row).
  if (row.status === 'active' && row.idle_expires_at > at && now.getTime() - Date.parse(row.last_active_at) < TOUCH_INTERVAL_MS) {
    return { active: true, idleExpiresAt: new Date(row.idle_expires_at), absoluteExpiresAt: new Date(row.absolute_expires_at) };
  }
  if (row.status === 'active' && row.idle_expires_at > at) {
    const absolute = new Date(row.absolute_expires_at);
    const idle = idleDeadline(now, row.idle_timeout_seconds, absolute).toISOString();
    const touched = await db
      .updateTable('user_sessions')
      .set({ last_active_at: at, updated_at: at, idle_expires_at: idle })
      .where('id', '=', sessionId)
      .where('status', '=', 'active')
      .where('idle_expires_at', '>', at)
      // A concurrent check may already have moved the window further; never move it back.
      .where('idle_expires_at', '<=', idle)
      .executeTakeFirst();
    if (Number(touched.numUpdatedRows) === 1) return { active: true, idleExpiresAt: new Date(idle), absoluteExpiresAt: absolute };
  }
  await expireLapsed(db, { sessionId }, now);
  const after = await db.selectFrom('user_sessions').selectAll().where('id', '=', sessionId).executeTakeFirstOrThrow();
  if (after.status === 'active') return { active: true, idleExpiresAt: new Date(after.idle_expires_at), absoluteExpiresAt: new Date(after.absolute_expires_at) };
  return { active: false, status: after.status };
}
