import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { UserSessionRow } from '../../storage/schema-sessions.js';
import { invalidArgument, notFound } from '../errors/domain-error.js';
import { expireLapsed } from './expire-lapsed.js';

/** The session `id` of this environment, lapsed ones already marked EXPIRED; another environment's is not found, exactly like an unknown one. */
export async function findSessionRow(db: Kysely<Tables>, environmentId: string, id: string, now: Date): Promise<UserSessionRow> {
  if (!id) throw invalidArgument('session_id', 'is required');
  await expireLapsed(db, { sessionId: id }, now);
  const row = await db.selectFrom('user_sessions').selectAll().where('environment_id', '=', environmentId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('session', id);
  return row;
}
