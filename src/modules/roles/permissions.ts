import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { newId } from '../../storage/ids.js';
import { DomainError, invalidFields, type FieldViolation } from '../errors/domain-error.js';
import { keysetPage, type Page } from '../paging/keyset-page.js';
import { pageSizeOf } from '../paging/page-token.js';
import { permissionFromRow, permissionNotFound, type Permission } from './permission.js';
import { permissionNameProblem, textProblem } from './role-names.js';

type Db = Kysely<Tables>;
const MAX_PAGE_SIZE = 100;
const DESCRIPTION_MAX = 1000;

function check(violations: (FieldViolation | undefined)[]): void {
  const v = violations.filter((x): x is FieldViolation => x !== undefined);
  if (v.length) throw invalidFields(v);
}

export async function createPermission(db: Db, envId: string, input: { name?: string; description?: string }): Promise<Permission> {
  check([permissionNameProblem('permission.name', input.name), textProblem('permission.description', input.description, DESCRIPTION_MAX)]);
  if (await findPermission(db, envId, input.name!)) {
    throw new DomainError('already_exists', `permission '${input.name}' already exists in this environment`, { reason: 'PERMISSION_EXISTS' });
  }
  const now = new Date().toISOString();
  const row = { id: newId('perm'), environment_id: envId, name: input.name!, description: input.description ?? '', created_at: now, updated_at: now };
  await db.insertInto('permissions').values(row).execute();
  return permissionFromRow(row);
}

export async function findPermission(db: Db, envId: string, name: string) {
  return db.selectFrom('permissions').selectAll().where('environment_id', '=', envId).where('name', '=', name).executeTakeFirst();
}

export async function getPermission(db: Db, envId: string, name: string): Promise<Permission> {
  check([permissionNameProblem('permission_name', name)]);
  const row = await findPermission(db, envId, name);
  if (!row) throw permissionNotFound(name);
  return permissionFromRow(row);
}

/** Only the description changes: the name is how roles, tokens and callers refer to it. */
export async function updatePermission(db: Db, envId: string, name: string, input: { name?: string; description?: string }): Promise<Permission> {
  const current = await getPermission(db, envId, name);
  check([
    input.name && input.name !== name ? { field: 'permission.name', description: `cannot be changed (it is '${name}'); create a new permission instead` } : undefined,
    textProblem('permission.description', input.description, DESCRIPTION_MAX),
  ]);
  await db
    .updateTable('permissions')
    .set({ description: input.description ?? '', updated_at: new Date().toISOString() })
    .where('id', '=', current.id)
    .execute();
  return getPermission(db, envId, name);
}

export async function listPermissions(db: Db, envId: string, opts: { pageSize?: number; pageToken?: string }): Promise<Page<Permission>> {
  const pageSize = pageSizeOf(opts.pageSize, MAX_PAGE_SIZE);
  const page = await keysetPage(db.selectFrom('permissions').selectAll().where('environment_id', '=', envId), { pageSize, pageToken: opts.pageToken });
  return { ...page, items: page.items.map(permissionFromRow) };
}

/** Deleting a permission takes it off every role that had it (role_permissions cascade). */
export async function deletePermission(db: Db, envId: string, name: string): Promise<void> {
  const current = await getPermission(db, envId, name);
  await db.deleteFrom('permissions').where('id', '=', current.id).execute();
}
