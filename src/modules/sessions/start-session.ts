import { isIP } from 'node:net';
import { newId } from '../../storage/ids.js';
import { invalidArgument, notFound } from '../errors/domain-error.js';
import { findUserRow } from '../users/user-ref.js';
import { nowOf, type SessionDeps } from './session-deps.js';
import { idleDeadline, timeoutsFor } from './session-timeouts.js';
import type { StartedSession, StartSessionInput } from './session.js';

/** Browsers send long User-Agent strings; the session keeps enough to recognise the device. */
const MAX_USER_AGENT = 512;

/** A new active session for a user who just signed in, with deadlines from the policy in force now. */
export async function startSession(deps: SessionDeps, input: StartSessionInput): Promise<StartedSession> {
  const { db } = deps;
  if (!input.environmentId) throw invalidArgument('environment_id', 'is required');
  if (!input.userId) throw invalidArgument('user_id', 'is required');
  const user = await findUserRow(db, input.environmentId, { id: input.userId });
  if (input.organizationId) {
    const org = await db.selectFrom('organizations').select('id').where('environment_id', '=', input.environmentId).where('id', '=', input.organizationId).executeTakeFirst();
    if (!org) throw notFound('organization', input.organizationId);
  }
  const timeouts = await timeoutsFor(db, deps.defaults, input.organizationId);
  const now = nowOf(deps);
  const absolute = new Date(now.getTime() + timeouts.absoluteTimeoutSeconds * 1000);
  const idle = idleDeadline(now, timeouts.idleTimeoutSeconds, absolute);
  const id = newId('ses');
  const at = now.toISOString();
  await db
    .insertInto('user_sessions')
    .values({
      id,
      environment_id: input.environmentId,
      user_id: user.id,
      organization_id: input.organizationId || null,
      client_id: input.clientId || null,
      status: 'active',
      idle_timeout_seconds: timeouts.idleTimeoutSeconds ?? null,
      created_at: at,
      updated_at: at,
      last_active_at: at,
      idle_expires_at: idle.toISOString(),
      absolute_expires_at: absolute.toISOString(),
      expired_at: null,
      logout_at: null,
      // Only what the request really carried: an address that does not parse is dropped, not stored.
      ip: input.ip && isIP(input.ip) ? input.ip : null,
      user_agent: input.userAgent ? input.userAgent.slice(0, MAX_USER_AGENT) : null,
    })
    .execute();
  return { sessionId: id, idleExpiresAt: idle, absoluteExpiresAt: absolute };
}
