import { sql, type Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { PasswordlessRequestRow } from '../../storage/schema-passwordless.js';
import { notFound } from '../errors/domain-error.js';

/** The request `id` of this environment; another environment's id is not found, exactly like an unknown one. */
export async function findRequest(db: Kysely<Tables>, envId: string, id: string): Promise<PasswordlessRequestRow> {
  const row = await db.selectFrom('passwordless_requests').selectAll().where('environment_id', '=', envId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('passwordless auth request', id, 'PASSWORDLESS_REQUEST_NOT_FOUND');
  return row;
}

export async function findRequestByLinkHash(db: Kysely<Tables>, envId: string, linkHash: string): Promise<PasswordlessRequestRow | undefined> {
  return db.selectFrom('passwordless_requests').selectAll().where('environment_id', '=', envId).where('link_token_hash', '=', linkHash).executeTakeFirst();
}

/**
 * Counts one code comparison before it runs, while the request is pending and has attempts left:
 * concurrent guesses cannot compare more codes than the limit. The attempts used so far, or
 * undefined when none was left.
 */
export async function takeAttempt(db: Kysely<Tables>, id: string, maxAttempts: number, now: string): Promise<number | undefined> {
  const r = await db
    .updateTable('passwordless_requests')
    .set({ attempts: sql`attempts + 1`, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('attempts', '<', maxAttempts)
    .returning('attempts')
    .executeTakeFirst();
  return r ? Number(r.attempts) : undefined;
}

/** After the last attempt failed: the request is dead (a resend cannot revive it). */
export async function lockRequest(db: Kysely<Tables>, id: string, now: string): Promise<void> {
  await db.updateTable('passwordless_requests').set({ status: 'locked', updated_at: now }).where('id', '=', id).where('status', '=', 'pending').execute();
}

/** Marks the request verified, once: false when another verification won. The hashes stay, so a replay is told "already used". */
export async function markVerified(db: Kysely<Tables>, id: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('passwordless_requests')
    .set({ status: 'verified', verified_at: now, updated_at: now })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return r.numUpdatedRows === 1n;
}
