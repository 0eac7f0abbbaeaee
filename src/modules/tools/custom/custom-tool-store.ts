import type { Kysely, Transaction } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import type { CustomToolRow } from '../../../storage/schema-custom-tools.js';

export type CustomToolRowWithConnection = CustomToolRow & { connection_name: string | null };
type Db = Kysely<Tables> | Transaction<Tables>;

const withConnection = (db: Db) =>
  db
    .selectFrom('custom_tools as t')
    .leftJoin('connections as c', 'c.id', 't.connection_id')
    .selectAll('t')
    .select('c.connection_name');

/** Every version of every custom tool of the environment, by name then version. */
export async function allCustomToolRows(db: Db, envId: string): Promise<CustomToolRowWithConnection[]> {
  return withConnection(db).where('t.environment_id', '=', envId).orderBy('t.name').orderBy('t.tool_version').execute();
}

export async function customToolVersionRows(db: Db, envId: string, name: string): Promise<CustomToolRowWithConnection[]> {
  return withConnection(db).where('t.environment_id', '=', envId).where('t.name', '=', name).orderBy('t.tool_version').execute();
}

export async function customToolRowById(db: Db, envId: string, id: string): Promise<CustomToolRowWithConnection | undefined> {
  return withConnection(db).where('t.environment_id', '=', envId).where('t.id', '=', id).executeTakeFirst();
}

/** Makes `id` the one default version of its name. */
export async function makeDefault(trx: Db, envId: string, name: string, id: string, now: string): Promise<void> {
  await trx.updateTable('custom_tools').set({ is_default: 0 }).where('environment_id', '=', envId).where('name', '=', name).where('id', '!=', id).where('is_default', '=', 1).execute();
  await trx.updateTable('custom_tools').set({ is_default: 1, updated_at: now }).where('environment_id', '=', envId).where('id', '=', id).execute();
}

/** PostgreSQL 23505 / SQLite SQLITE_CONSTRAINT_UNIQUE: another writer registered the same version first. */
export const isUniqueViolation = (err: unknown): boolean => {
  const e = err as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e?.message ?? '');
};
