import type { Kysely } from 'kysely';
import type { Tables, EnvironmentRow } from '../../storage/schema.js';
import { newId } from '../../storage/ids.js';
import { DomainError } from '../errors/domain-error.js';
import { updateEnvironmentSettings } from './environment-settings.js';
import { NEW_ENVIRONMENT_SETTINGS } from './new-environment-settings.js';
import { seedDefaultRoles } from '../roles/default-roles.js';

export const DEFAULT_ENVIRONMENTS = ['development', 'production'] as const;

export type Environment = EnvironmentRow;

/** Creates the default environments if missing, each with its initial settings; returns whether the database was new. */
export async function ensureDefaultEnvironments(db: Kysely<Tables>): Promise<boolean> {
  const existing = await db.selectFrom('environments').select('name').execute();
  const names = new Set(existing.map((e) => e.name));
  for (const name of DEFAULT_ENVIRONMENTS) {
    if (names.has(name)) continue;
    await db.transaction().execute(async (trx) => {
      const id = newId('env');
      const r = await trx
        .insertInto('environments')
        .values({ id, name, created_at: new Date().toISOString() })
        .onConflict((oc) => oc.column('name').doNothing())
        .executeTakeFirst();
      // Another process created it first (and wrote its settings in the same transaction).
      if (Number(r.numInsertedOrUpdatedRows ?? 0n) !== 1) return;
      const settings = NEW_ENVIRONMENT_SETTINGS[name];
      if (settings) await updateEnvironmentSettings(trx, id, { ...settings });
      await seedDefaultRoles(trx, id);
    });
  }
  return existing.length === 0;
}

export async function findEnvironmentByName(db: Kysely<Tables>, name: string): Promise<Environment> {
  const env = await db.selectFrom('environments').selectAll().where('name', '=', name).executeTakeFirst();
  if (!env) {
    const all = await db.selectFrom('environments').select('name').orderBy('name').execute();
    throw new DomainError('not_found', `environment '${name}' does not exist; known environments: ${all.map((e) => e.name).join(', ')}`, {
      reason: 'ENVIRONMENT_NOT_FOUND',
    });
  }
  return env;
}

export async function getEnvironment(db: Kysely<Tables>, id: string): Promise<Environment | undefined> {
  return db.selectFrom('environments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listEnvironments(db: Kysely<Tables>): Promise<Environment[]> {
  return db.selectFrom('environments').selectAll().orderBy('id').execute();
}
