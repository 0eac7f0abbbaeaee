import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';

const EVERY_MS = 60 * 60_000;

/**
 * Deletes expired app sign-in provider entries (codes, rotated refresh tokens…) and the sign-in
 * records of grants past their lifetime, at most hourly, piggybacking on writes. Expired rows
 * already read as absent: this only bounds the tables' size, so a failure is ignored until the next run.
 */
export class AppSignInEntriesSweep {
  private last = Date.now();

  /** `grantTtlSeconds`: the provider's Grant TTL; a grant is saved once, just before its record. */
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly grantTtlSeconds: number,
  ) {}

  maybeRun(now = Date.now()): Promise<void> | undefined {
    if (now - this.last < EVERY_MS) return undefined;
    this.last = now;
    return Promise.all([
      this.db.deleteFrom('app_signin_entries').where('expires_at', '<', new Date(now).toISOString()).execute(),
      this.db.deleteFrom('app_signin_grants').where('created_at', '<', new Date(now - this.grantTtlSeconds * 1000).toISOString()).execute(),
    ]).then(() => undefined, () => undefined);
  }
}
