import type { EnvironmentSettings } from './environment-settings.js';

/**
 * Settings a default environment starts with. They are written once, in the transaction that
 * creates the environment, and never inferred when reading: an environment created before a
 * default existed keeps exactly what it had (a development with no verification mode still refuses
 * OAuth links until an operator chooses one).
 * - development: `dashboard_users`, so a new server issues OAuth links at once, as a new Scalekit
 *   environment does (the consenting person must hold a Latchkey admin session).
 * - production: nothing; OAuth links wait until an operator chooses `custom` (or `dashboard_users`).
 */
export const NEW_ENVIRONMENT_SETTINGS: Readonly<Record<string, EnvironmentSettings>> = Object.freeze({
  development: { user_verification: 'dashboard_users' },
});
