import { APPLICATION_SESSION_POLICY, type TimeUnitName } from '../organizations/session-policy.js';
import type { SessionDefaults } from './session-deps.js';

/** A whole number of seconds in the largest unit that divides it exactly. */
function inUnits(seconds: number): { value: number; unit: TimeUnitName } {
  if (seconds % 86400 === 0) return { value: seconds / 86400, unit: 'DAYS' };
  if (seconds % 3600 === 0) return { value: seconds / 3600, unit: 'HOURS' };
  return { value: Math.round(seconds / 60), unit: 'MINUTES' };
}

/** GetApplicationSessionPolicy's answer: the configured defaults sessions really get (SESSION_* variables). */
export function applicationSessionPolicy(d: SessionDefaults) {
  const absolute = inUnits(d.absoluteTimeoutSeconds);
  // Without an idle timeout the wire still carries a window: the one an organization enabling it would start from.
  const idle = d.idleTimeoutSeconds ? inUnits(d.idleTimeoutSeconds) : { value: APPLICATION_SESSION_POLICY.idleTimeout, unit: APPLICATION_SESSION_POLICY.idleTimeoutUnit };
  return {
    absoluteTimeout: absolute.value,
    absoluteTimeoutUnit: absolute.unit,
    idleTimeoutEnabled: d.idleTimeoutSeconds !== undefined,
    idleTimeout: idle.value,
    idleTimeoutUnit: idle.unit,
    accessTokenExpirySeconds: APPLICATION_SESSION_POLICY.accessTokenExpirySeconds,
  };
}
