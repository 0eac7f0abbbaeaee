import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { newId } from '../../storage/ids.js';
import { DomainError, invalidArgument, notFound } from '../errors/domain-error.js';
import { keysetPage, type Page } from '../paging/keyset-page.js';
import { pageSizeOf } from '../paging/page-token.js';
import { checkTextLength } from '../validation/input-limits.js';
import { containsIgnoringCase } from '../validation/like-pattern.js';
import { organizationFromRow, type Organization, type OrganizationFeature } from './organization.js';
import { validateOrganizationFields, type OrganizationFields } from './validate-organization.js';

export type OrganizationRef = { id: string } | { externalId: string };

const MAX_PAGE_SIZE = 100;

function refLabel(ref: OrganizationRef): string {
  return 'id' in ref ? ref.id : `external_id=${ref.externalId}`;
}

async function assertExternalIdFree(db: Kysely<Tables>, envId: string, externalId: string, exceptId?: string) {
  let q = db.selectFrom('organizations').select('id').where('environment_id', '=', envId).where('external_id', '=', externalId);
  if (exceptId) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst()) {
    throw new DomainError('already_exists', `an organization with external_id '${externalId}' already exists in this environment`, {
      reason: 'ORGANIZATION_EXTERNAL_ID_EXISTS',
    });
  }
}

/** Slugs are unique per environment (dots allowed: `app.acme.com`); a deleted organization's slug is free again. */
async function assertSlugFree(db: Kysely<Tables>, envId: string, slug: string, exceptId?: string) {
  let q = db.selectFrom('organizations').select('id').where('environment_id', '=', envId).where('slug', '=', slug);
  if (exceptId) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst()) {
    throw new DomainError('already_exists', `an organization with slug '${slug}' already exists in this environment`, { reason: 'ORGANIZATION_SLUG_EXISTS' });
  }
}

export async function createOrganization(db: Kysely<Tables>, envId: string, input: OrganizationFields & { regionCode?: number }): Promise<Organization> {
  validateOrganizationFields(input, 'organization.', true);
  if (input.externalId) await assertExternalIdFree(db, envId, input.externalId);
  if (input.slug) await assertSlugFree(db, envId, input.slug);
  const now = new Date().toISOString();
  const row = {
    id: newId('org'),
    environment_id: envId,
    display_name: input.displayName!.trim(),
    external_id: input.externalId ?? null,
    region_code: input.regionCode ?? 0,
    metadata: JSON.stringify(input.metadata ?? {}),
    settings: JSON.stringify({ features: [] }),
    slug: input.slug ?? null,
    logo_url: input.logoUrl || null,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('organizations').values(row).execute();
  return organizationFromRow(row);
}

export async function getOrganization(db: Kysely<Tables>, envId: string, ref: OrganizationRef): Promise<Organization> {
  const value = 'id' in ref ? ref.id : ref.externalId;
  if (!value) throw invalidArgument('id' in ref ? 'id' : 'external_id', 'is required');
  const row = await db
    .selectFrom('organizations')
    .selectAll()
    .where('environment_id', '=', envId)
    .where('id' in ref ? 'id' : 'external_id', '=', value)
    .executeTakeFirst();
  if (!row) throw notFound('organization', refLabel(ref));
  return organizationFromRow(row);
}

export async function listOrganizations(
  db: Kysely<Tables>,
  envId: string,
  opts: { pageSize?: number; pageToken?: string; externalId?: string; query?: string },
): Promise<Page<Organization>> {
  const pageSize = pageSizeOf(opts.pageSize, MAX_PAGE_SIZE);
  let q = db.selectFrom('organizations').selectAll().where('environment_id', '=', envId);
  checkTextLength('external_id', opts.externalId);
  if (opts.externalId) q = q.where('external_id', '=', opts.externalId);
  if (opts.query !== undefined) {
    checkTextLength('query', opts.query);
    const term = opts.query.trim();
    if (term.length < 3) throw invalidArgument('query', 'must be at least 3 characters');
    q = q.where((eb) => eb.or([containsIgnoringCase('display_name', term), containsIgnoringCase('external_id', term), eb('id', '=', term)]));
  }
  const page = await keysetPage(q, { pageSize, pageToken: opts.pageToken });
  return { ...page, items: page.items.map(organizationFromRow) };
}

export async function updateOrganization(
  db: Kysely<Tables>,
  envId: string,
  ref: OrganizationRef,
  patch: OrganizationFields,
): Promise<Organization> {
  // An empty slug clears it (proto3 presence: sent as "").
  const slug = patch.slug === '' ? null : patch.slug;
  validateOrganizationFields({ ...patch, slug: slug ?? undefined }, 'organization.', false);
  const current = await getOrganization(db, envId, ref);
  if (patch.externalId) await assertExternalIdFree(db, envId, patch.externalId, current.id);
  if (slug) await assertSlugFree(db, envId, slug, current.id);
  const set: Partial<Tables['organizations']> = { updated_at: new Date().toISOString() };
  if (patch.displayName !== undefined) set.display_name = patch.displayName.trim();
  if (patch.externalId !== undefined) set.external_id = patch.externalId;
  if (patch.metadata !== undefined) set.metadata = JSON.stringify(patch.metadata);
  if (slug !== undefined) set.slug = slug;
  if (patch.logoUrl !== undefined) set.logo_url = patch.logoUrl || null;
  await db.updateTable('organizations').set(set).where('id', '=', current.id).execute();
  return getOrganization(db, envId, { id: current.id });
}

/** Its memberships, policies and portal links go with it (foreign keys cascade, on both dialects). */
export async function deleteOrganization(db: Kysely<Tables>, envId: string, ref: OrganizationRef): Promise<void> {
  const current = await getOrganization(db, envId, ref);
  await db.deleteFrom('organizations').where('id', '=', current.id).execute();
}

/** Features are merged by name: the ones sent are set, the others kept. */
export async function updateOrganizationSettings(
  db: Kysely<Tables>,
  envId: string,
  id: string,
  features: OrganizationFeature[],
): Promise<Organization> {
  features.forEach((f, i) => {
    if (!f.name?.trim()) throw invalidArgument(`settings.features[${i}].name`, 'is required (e.g. "sso" or "dir_sync")');
  });
  const current = await getOrganization(db, envId, { id });
  const merged = new Map(current.features.map((f) => [f.name, f]));
  for (const f of features) merged.set(f.name.trim(), { name: f.name.trim(), enabled: f.enabled });
  await db
    .updateTable('organizations')
    .set({ settings: JSON.stringify({ features: [...merged.values()] }), updated_at: new Date().toISOString() })
    .where('id', '=', current.id)
    .execute();
  return getOrganization(db, envId, { id });
}
