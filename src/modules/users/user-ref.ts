import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { UserRow } from '../../storage/schema-users.js';
import { invalidArgument, notFound } from '../errors/domain-error.js';

/** A user named by Latchkey's id or by the caller's own external id (`users:external/{external_id}`). */
export type UserRef = { id: string } | { externalId: string };

export const userRefLabel = (ref: UserRef): string => ('id' in ref ? ref.id : `external_id=${ref.externalId}`);

/** The user's row in this environment, or NotFound (a user of another environment is not found either). */
export async function findUserRow(db: Kysely<Tables>, envId: string, ref: UserRef): Promise<UserRow> {
  const value = 'id' in ref ? ref.id : ref.externalId;
  if (!value) throw invalidArgument('id' in ref ? 'id' : 'external_id', 'is required');
  const row = await db
    .selectFrom('users')
    .selectAll()
    .where('environment_id', '=', envId)
    .where('id' in ref ? 'id' : 'external_id', '=', value)
    .executeTakeFirst();
  if (!row) throw notFound('user', userRefLabel(ref));
  return row;
}
