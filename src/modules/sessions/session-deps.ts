import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';

/** The application's session timeouts, for organizations without a CUSTOM session policy. */
export interface SessionDefaults {
  absoluteTimeoutSeconds: number;
  /** Undefined: sessions do not expire from inactivity. */
  idleTimeoutSeconds: number | undefined;
}

export interface SessionDeps {
  db: Kysely<Tables>;
  defaults: SessionDefaults;
  /** Milliseconds since the epoch; defaults to Date.now (tests move it). */
  now?: () => number;
}

export const nowOf = (deps: SessionDeps): Date => new Date((deps.now ?? Date.now)());
