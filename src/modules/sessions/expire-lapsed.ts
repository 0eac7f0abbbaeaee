import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';

/**
 * Persists EXPIRED for active sessions whose idle deadline has passed (it never lies past the absolute
 * one), so status filters and revocations see the truth. `expired_at` is when it lapsed, not when noticed.
 */
export async function expireLapsed(db: Kysely<Tables>, scope: { sessionId: string } | { environmentId: string; userId: string }, now: Date): Promise<void> {
  const at = now.toISOString();
  let q = db
    .updateTable('user_sessions')
    .set((eb) => ({ status: 'expired', expired_at: eb.ref('idle_expires_at'), updated_at: at }))
    .where('status', '=', 'active')
    .where('idle_expires_at', '<=', at);
  q = 'sessionId' in scope ? q.where('id', '=', scope.sessionId) : q.where('environment_id', '=', scope.environmentId).where('user_id', '=', scope.userId);
  await q.execute();
}
