import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';

/**
 * Asked before a connection is deleted. A guard returns why the connection cannot go (a sentence
 * telling the caller what to remove first), or undefined to allow it; deleteConnection refuses with
 * failed_precondition if any guard objects.
 *
 * Modules that hang rows off connections register here instead of the connections module knowing
 * their tables, e.g. the connected-accounts module:
 *
 *   connectionDeletionGuards.push(async (db, envId, connectionId) => {
 *     const n = await countAccounts(db, envId, connectionId);
 *     return n ? `${n} connected account(s) use it; delete them first` : undefined;
 *   });
 *
 * Register at module load (top level of the registering module), so every server and CLI process
 * that can delete a connection has the guard; guards must only read.
 */
export type ConnectionDeletionGuard = (db: Kysely<Tables>, envId: string, connectionId: string) => Promise<string | undefined>;

export const connectionDeletionGuards: ConnectionDeletionGuard[] = [];
