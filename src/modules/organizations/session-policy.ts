import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { invalidArgument, invalidFields, type FieldViolation } from '../errors/domain-error.js';
import { getOrganization } from './organizations.js';
import { upsertPolicyRow } from './policy-row.js';

export type TimeUnitName = 'MINUTES' | 'HOURS' | 'DAYS';
const MINUTES: Record<TimeUnitName, number> = { MINUTES: 1, HOURS: 60, DAYS: 1440 };
/** Longest session either timeout may describe. */
const MAX_MINUTES = 365 * 1440;

/** An organization's session policy as last written; optional fields are the wrapper fields the caller sent (echoed as sent, an explicit `false` too). */
export interface SessionPolicy {
  source: 'APPLICATION' | 'CUSTOM';
  absoluteTimeout?: number;
  absoluteTimeoutUnit?: TimeUnitName;
  idleTimeoutEnabled?: boolean;
  idleTimeout?: number;
  idleTimeoutUnit?: TimeUnitName;
}

/** The application's defaults, which an organization without a CUSTOM policy follows. */
export const APPLICATION_SESSION_POLICY = Object.freeze({
  absoluteTimeout: 7,
  absoluteTimeoutUnit: 'DAYS' as TimeUnitName,
  idleTimeoutEnabled: false,
  idleTimeout: 30,
  idleTimeoutUnit: 'MINUTES' as TimeUnitName,
  accessTokenExpirySeconds: 300,
});

function checkTimeout(v: FieldViolation[], field: string, value: number | undefined, unit: TimeUnitName | undefined, required: boolean): number | undefined {
  if (value === undefined) {
    if (required) v.push({ field, description: 'is required for a CUSTOM policy' });
    return undefined;
  }
  if (!unit) return void v.push({ field: `${field}_unit`, description: 'is required with it (MINUTES, HOURS or DAYS)' });
  if (!Number.isInteger(value) || value < 1 || value * MINUTES[unit] > MAX_MINUTES) return void v.push({ field, description: `must be a whole number from 1 to ${MAX_MINUTES / MINUTES[unit]} ${unit}` });
  return value * MINUTES[unit];
}

export function validateSessionPolicy(p: SessionPolicy): void {
  const v: FieldViolation[] = [];
  const absolute = checkTimeout(v, 'absolute_session_timeout', p.absoluteTimeout, p.absoluteTimeoutUnit, true);
  const idle = checkTimeout(v, 'idle_session_timeout', p.idleTimeout, p.idleTimeoutUnit, p.idleTimeoutEnabled === true);
  if (absolute !== undefined && idle !== undefined && p.idleTimeoutEnabled && idle > absolute) {
    v.push({ field: 'idle_session_timeout', description: 'must not be longer than absolute_session_timeout' });
  }
  if (v.length) throw invalidFields(v);
}

export async function getSessionPolicy(db: Kysely<Tables>, envId: string, organizationId: string): Promise<SessionPolicy> {
  if (!organizationId) throw invalidArgument('organization_id', 'is required');
  const org = await getOrganization(db, envId, { id: organizationId });
  const row = await db.selectFrom('organization_policies').select('session_policy').where('organization_id', '=', org.id).executeTakeFirst();
  return row?.session_policy ? (JSON.parse(row.session_policy) as SessionPolicy) : { source: 'APPLICATION' };
}

/** APPLICATION reverts to the application's defaults (any timeouts sent are ignored); CUSTOM stores the fields sent. */
export async function updateSessionPolicy(db: Kysely<Tables>, envId: string, organizationId: string, p: SessionPolicy | { source: undefined }): Promise<SessionPolicy> {
  if (!organizationId) throw invalidArgument('organization_id', 'is required');
  if (!p.source) throw invalidArgument('policy_source', 'is required: APPLICATION (the application defaults) or CUSTOM');
  const org = await getOrganization(db, envId, { id: organizationId });
  if (p.source === 'CUSTOM') validateSessionPolicy(p);
  const stored: SessionPolicy = p.source === 'APPLICATION' ? { source: 'APPLICATION' } : p;
  await upsertPolicyRow(db, envId, org.id, { session_policy: p.source === 'APPLICATION' ? null : JSON.stringify(stored) });
  return stored;
}
