import type { Config } from '../../config/load-config.js';
import type { SessionDefaults } from './session-deps.js';

/** The application's session timeouts from SESSION_ABSOLUTE_TIMEOUT_MINUTES and SESSION_IDLE_TIMEOUT_MINUTES. */
export function sessionDefaultsFrom(config: Pick<Config, 'sessionAbsoluteTimeoutMinutes' | 'sessionIdleTimeoutMinutes'>): SessionDefaults {
  return {
    absoluteTimeoutSeconds: config.sessionAbsoluteTimeoutMinutes * 60,
    idleTimeoutSeconds: config.sessionIdleTimeoutMinutes ? config.sessionIdleTimeoutMinutes * 60 : undefined,
  };
}
