import type { Kysely, Transaction } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { LINK_USED } from './load-link.js';

/**
 * complete_link — a link completes at most once: the update matches only an uncompleted row, so of
 * two concurrent completions exactly one sees a row count of 1; the other fails and, being inside
 * the caller's transaction, rolls back everything it wrote.
 */
export async function completeLink(trx: Transaction<Tables> | Kysely<Tables>, linkId: string, now = new Date()): Promise<void> {
  const r = await trx.updateTable('authorization_links').set({ completed_at: now.toISOString() }).where('id', '=', linkId).where('completed_at', 'is', null).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw LINK_USED();
}
