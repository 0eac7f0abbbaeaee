import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';

const EVERY_MS = 60 * 60_000;

/**
 * Deletes expired provider entries and sign-in verifications, at most hourly, piggybacking on
 * writes (each token refresh adds rows). Expired rows already read as absent: this only bounds
 * the tables' size, so a failure is ignored until the next run.
 */
export class ExpiredEntriesSweep {
  private last = Date.now();

  constructor(private readonly db: Kysely<Tables>) {}

  /** The sweep's promise when one started (it never rejects), for callers that want to wait. */
  maybeRun(now = Date.now()): Promise<void> | undefined {
    if (now - this.last < EVERY_MS) return undefined;
    this.last = now;
    const cutoff = new Date(now).toISOString();
    return Promise.all([
      this.db.deleteFrom('mcp_oauth_entries').where('expires_at', '<', cutoff).execute(),
      this.db.deleteFrom('mcp_oauth_verifications').where('expires_at', '<', cutoff).execute(),
    ]).then(() => undefined, () => undefined);
  }
}
