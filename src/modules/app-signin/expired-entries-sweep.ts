import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';

const EVERY_MS = 60 * 60_000;

/**
 * Deletes expired app sign-in provider entries (codes, rotated refresh tokens…), at most hourly,
 * piggybacking on writes. Expired rows already read as absent: this only bounds the table's size,
 * so a failure is ignored until the next run.
 */
export class AppSignInEntriesSweep {
  private last = Date.now();

  constructor(private readonly db: Kysely<Tables>) {}

  maybeRun(now = Date.now()): Promise<void> | undefined {
    if (now - this.last < EVERY_MS) return undefined;
    this.last = now;
    return this.db.deleteFrom('app_signin_entries').where('expires_at', '<', new Date(now).toISOString()).execute().then(() => undefined, () => undefined);
  }
}
