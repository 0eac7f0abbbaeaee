import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { Mailer } from '../email/mailer.js';
import { PASSWORDLESS_LIMITS, type PasswordlessLimits } from './passwordless-limits.js';

/** What the passwordless flows need (wired in app.ts; the hosted login page gets the same). */
export interface PasswordlessDeps {
  db: Kysely<Tables>;
  mailer: Mailer;
  /** Defaults to PASSWORDLESS_LIMITS. */
  limits?: PasswordlessLimits;
  /** Milliseconds since the epoch; defaults to Date.now (tests move it). */
  now?: () => number;
}

export const limitsOf = (deps: PasswordlessDeps): PasswordlessLimits => deps.limits ?? PASSWORDLESS_LIMITS;
export const nowOf = (deps: PasswordlessDeps): number => (deps.now ?? Date.now)();
