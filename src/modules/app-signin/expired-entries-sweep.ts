import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';

const EVERY_MS = 60 * 60_000;

/**
 * Deletes expired app sign-in provider entries (codes, rotated refresh tokens…) and the sign-in
 * records of grants whose session is over (ended, or past its absolute deadline: no refresh can
 * use them), at most hourly, piggybacking on writes. Expired rows already read as absent: this
 * only bounds the tables' size, so a failure is ignored until the next run.
 */
export class AppSignInEntriesSweep {
  private last = Date.now();

  constructor(private readonly db: Kysely<Tables>) {}

  maybeRun(now = Date.now()): Promise<void> | undefined {
    if (now - this.last < EVERY_MS) return undefined;
    this.last = now;
    const at = new Date(now).toISOString();
    return Promise.all([
      this.db.deleteFrom('app_signin_entries').where('expires_at', '<', at).execute(),
      this.db
        .deleteFrom('app_signin_grants')
        .where((eb) => eb.not(eb.exists(eb.selectFrom('user_sessions as s').select('s.id').whereRef('s.id', '=', 'app_signin_grants.session_id').where('s.status', '=', 'active').where('s.absolute_expires_at', '>', at))))
        .execute(),
    ]).then(() => undefined, () => undefined);
  }
}
