import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { UserRow } from '../../storage/schema-users.js';
import { newId } from '../../storage/ids.js';
import { DomainError } from '../errors/domain-error.js';
import { keysetPage, type Page } from '../paging/keyset-page.js';
import { pageSizeOf } from '../paging/page-token.js';
import { membershipsOf } from './load-memberships.js';
import { EMPTY_PROFILE, userFromRow, type StoredProfile, type User } from './user.js';
import { findUserRow, type UserRef } from './user-ref.js';
import { normalizeEmail, validateUserInput, type ProfileInput, type UserInput } from './validate-user.js';
import { userSearchFilter } from './user-search.js';

const MAX_PAGE_SIZE = 100;

export async function assertUserExternalIdFree(db: Kysely<Tables>, envId: string, externalId: string, exceptId?: string): Promise<void> {
  let q = db.selectFrom('users').select('id').where('environment_id', '=', envId).where('external_id', '=', externalId);
  if (exceptId) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst()) {
    throw new DomainError('already_exists', `a user with external_id '${externalId}' already exists in this environment`, { reason: 'USER_EXTERNAL_ID_EXISTS' });
  }
}

/** The stored JSON part of a profile: the fields sent replace the current ones, the rest stay. */
function mergeStored(current: StoredProfile, p: ProfileInput | undefined): StoredProfile {
  if (!p) return current;
  const next = { ...current };
  for (const k of Object.keys(EMPTY_PROFILE) as (keyof StoredProfile)[]) {
    if (p[k] !== undefined) (next as Record<string, unknown>)[k] = p[k];
  }
  return next;
}

export async function withMemberships(db: Kysely<Tables>, envId: string, rows: UserRow[]): Promise<User[]> {
  const byUser = await membershipsOf(db, envId, rows.map((r) => r.id));
  return rows.map((r) => userFromRow(r, byUser.get(r.id) ?? []));
}

export async function getUser(db: Kysely<Tables>, envId: string, ref: UserRef): Promise<User> {
  const [user] = await withMemberships(db, envId, [await findUserRow(db, envId, ref)]);
  return user;
}

/**
 * One user per email per environment (the seeds' account-linking rule): the existing user when
 * the address is known (its profile is left as is), else a new one. `created` says which.
 */
export async function findOrCreateUser(db: Kysely<Tables>, envId: string, input: UserInput): Promise<{ row: UserRow; created: boolean }> {
  validateUserInput(input, 'user.', { requireEmail: true });
  const email = normalizeEmail(input.email!);
  const existing = await db.selectFrom('users').selectAll().where('environment_id', '=', envId).where('email', '=', email).executeTakeFirst();
  if (existing) {
    if (input.externalId && existing.external_id && existing.external_id !== input.externalId) {
      throw new DomainError('already_exists', `a user with email '${email}' already exists in this environment with another external_id`, { reason: 'USER_EMAIL_EXISTS' });
    }
    if (input.externalId && !existing.external_id) {
      await assertUserExternalIdFree(db, envId, input.externalId);
      await db.updateTable('users').set({ external_id: input.externalId, updated_at: new Date().toISOString() }).where('id', '=', existing.id).execute();
      return { row: { ...existing, external_id: input.externalId }, created: false };
    }
    return { row: existing, created: false };
  }
  if (input.externalId) await assertUserExternalIdFree(db, envId, input.externalId);
  const now = new Date().toISOString();
  const p = input.profile ?? {};
  const row: UserRow = {
    id: newId('usr'),
    environment_id: envId,
    email,
    external_id: input.externalId ?? null,
    given_name: p.givenName?.trim() ?? '',
    family_name: p.familyName?.trim() ?? '',
    name: p.name?.trim() || [p.givenName?.trim(), p.familyName?.trim()].filter(Boolean).join(' '),
    profile: JSON.stringify(mergeStored({ ...EMPTY_PROFILE }, p)),
    metadata: JSON.stringify(input.metadata ?? {}),
    last_login_at: null,
    created_at: now,
    updated_at: now,
  };
  // A concurrent create of the same address wins the unique index; then it is the one user.
  const r = await db.insertInto('users').values(row).onConflict((oc) => oc.columns(['environment_id', 'email']).doNothing()).executeTakeFirst();
  if (Number(r.numInsertedOrUpdatedRows ?? 0n) === 1) return { row, created: true };
  const winner = await db.selectFrom('users').selectAll().where('environment_id', '=', envId).where('email', '=', email).executeTakeFirstOrThrow();
  return { row: winner, created: false };
}

/** Partial update: only the fields present change (email and id never do). */
export async function updateUser(db: Kysely<Tables>, envId: string, ref: UserRef, patch: Omit<UserInput, 'email'>): Promise<User> {
  validateUserInput(patch, 'user.', { requireEmail: false });
  const current = await findUserRow(db, envId, ref);
  if (patch.externalId !== undefined) await assertUserExternalIdFree(db, envId, patch.externalId, current.id);
  const set: Partial<UserRow> = { updated_at: new Date().toISOString() };
  if (patch.externalId !== undefined) set.external_id = patch.externalId;
  if (patch.metadata !== undefined) set.metadata = JSON.stringify(patch.metadata);
  const p = patch.profile;
  if (p) {
    if (p.givenName !== undefined) set.given_name = p.givenName.trim();
    if (p.familyName !== undefined) set.family_name = p.familyName.trim();
    if (p.name !== undefined) set.name = p.name.trim();
    set.profile = JSON.stringify(mergeStored({ ...EMPTY_PROFILE, ...JSON.parse(current.profile) }, p));
  }
  await db.updateTable('users').set(set).where('id', '=', current.id).execute();
  return getUser(db, envId, { id: current.id });
}

/** Deletes the user and (by cascade) every membership, role and invitation of theirs. */
export async function deleteUser(db: Kysely<Tables>, envId: string, ref: UserRef): Promise<void> {
  const current = await findUserRow(db, envId, ref);
  await db.deleteFrom('users').where('id', '=', current.id).execute();
}

/** Every user of the environment, or those whose email or name contains `query` (case-insensitive, literal). */
export async function listUsers(
  db: Kysely<Tables>,
  envId: string,
  opts: { pageSize?: number; pageToken?: string; query?: string },
): Promise<Page<User>> {
  const pageSize = pageSizeOf(opts.pageSize, MAX_PAGE_SIZE);
  let q = db.selectFrom('users').selectAll().where('environment_id', '=', envId);
  if (opts.query !== undefined) q = q.where(userSearchFilter(opts.query));
  const page = await keysetPage(q, { pageSize, pageToken: opts.pageToken });
  return { ...page, items: await withMemberships(db, envId, page.items) };
}
