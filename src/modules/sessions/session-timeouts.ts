import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { SessionPolicy, TimeUnitName } from '../organizations/session-policy.js';
import type { SessionDefaults } from './session-deps.js';

const SECONDS: Record<TimeUnitName, number> = { MINUTES: 60, HOURS: 3600, DAYS: 86400 };

/**
 * The timeouts a new session gets: the organization's CUSTOM session policy, else the application
 * defaults (no organization, no policy, or `source: APPLICATION`).
 */
export async function timeoutsFor(db: Kysely<Tables>, defaults: SessionDefaults, organizationId: string | undefined): Promise<SessionDefaults> {
  if (!organizationId) return defaults;
  const row = await db.selectFrom('organization_policies').select('session_policy').where('organization_id', '=', organizationId).executeTakeFirst();
  if (!row?.session_policy) return defaults;
  const p = JSON.parse(row.session_policy) as SessionPolicy;
  if (p.source !== 'CUSTOM' || !p.absoluteTimeout || !p.absoluteTimeoutUnit) return defaults;
  const idle = p.idleTimeoutEnabled && p.idleTimeout && p.idleTimeoutUnit ? p.idleTimeout * SECONDS[p.idleTimeoutUnit] : undefined;
  return { absoluteTimeoutSeconds: p.absoluteTimeout * SECONDS[p.absoluteTimeoutUnit], idleTimeoutSeconds: idle };
}

/** The idle deadline after activity at `at`: never past the absolute one. */
export function idleDeadline(at: Date, idleSeconds: number | null | undefined, absolute: Date): Date {
  if (!idleSeconds) return absolute;
  const idle = new Date(at.getTime() + idleSeconds * 1000);
  return idle < absolute ? idle : absolute;
}
