import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { DomainRow } from '../../storage/schema-roles-domains-tokens.js';
import { newId, randomToken } from '../../storage/ids.js';
import { DomainError, invalidArgument, notFound } from '../errors/domain-error.js';
import { getOrganization, type OrganizationRef } from '../organizations/organizations.js';
import { assertNotClaimedByAnother } from './domain-claims.js';
import { domainFromRow, txtRecordKeyFor, TXT_SECRET_PREFIX, type Domain, type DomainType } from './domain.js';
import { normalizeDomainName } from './domain-name.js';

type Db = Kysely<Tables>;
const MAX_PAGE_SIZE = 100;
const DEFAULT_PAGE_SIZE = 10;

/** The organization a domain call names (by id or external id); another environment's is not found. */
export async function organizationOf(db: Db, envId: string, ref: OrganizationRef | undefined): Promise<string> {
  if (!ref) throw invalidArgument('organization_id', 'or external_id is required');
  return (await getOrganization(db, envId, ref)).id;
}

export async function createDomain(db: Db, envId: string, ref: OrganizationRef | undefined, input: { domain?: string; domainType?: DomainType }): Promise<Domain> {
  const orgId = await organizationOf(db, envId, ref);
  const name = normalizeDomainName('domain.domain', input.domain);
  const domainType = input.domainType ?? 'ORGANIZATION_DOMAIN';
  await assertNotClaimedByAnother(db, envId, orgId, name);
  const dup = await db.selectFrom('domains').select('id').where('organization_id', '=', orgId).where('domain', '=', name).where('domain_type', '=', domainType).executeTakeFirst();
  if (dup) throw new DomainError('already_exists', `domain '${name}' (${domainType}) already exists in this organization as '${dup.id}'`, { reason: 'DOMAIN_EXISTS' });
  const now = new Date().toISOString();
  const row: DomainRow = {
    id: newId('dom'),
    environment_id: envId,
    organization_id: orgId,
    domain: name,
    domain_type: domainType,
    txt_record_key: txtRecordKeyFor(name),
    txt_record_secret: TXT_SECRET_PREFIX + randomToken(24),
    verification_status: 'PENDING',
    verification_method: 'DNS',
    verified_at: null,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('domains').values(row).execute();
  return domainFromRow(row);
}

export async function getDomainRow(db: Db, envId: string, ref: OrganizationRef | undefined, id: string): Promise<DomainRow> {
  const orgId = await organizationOf(db, envId, ref);
  if (!id) throw invalidArgument('id', 'is required');
  const row = await db.selectFrom('domains').selectAll().where('environment_id', '=', envId).where('organization_id', '=', orgId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('domain', id);
  return row;
}

export const getDomain = async (db: Db, envId: string, ref: OrganizationRef | undefined, id: string): Promise<Domain> => domainFromRow(await getDomainRow(db, envId, ref, id));

/** Page numbers start at 1 (0 or unset is the first page). */
export async function listDomains(
  db: Db,
  envId: string,
  ref: OrganizationRef | undefined,
  opts: { pageSize?: number; pageNumber?: number; domainType?: DomainType },
): Promise<{ domains: Domain[]; pageSize: number; pageNumber: number }> {
  const orgId = await organizationOf(db, envId, ref);
  const pageSize = opts.pageSize || DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) throw invalidArgument('page_size', `must be between 1 and ${MAX_PAGE_SIZE}`);
  const pageNumber = opts.pageNumber || 1;
  if (!Number.isInteger(pageNumber) || pageNumber < 1 || pageNumber > 1_000_000) throw invalidArgument('page_number', 'must be a positive integer (pages start at 1)');
  let q = db.selectFrom('domains').selectAll().where('environment_id', '=', envId).where('organization_id', '=', orgId);
  if (opts.domainType) q = q.where('domain_type', '=', opts.domainType);
  const rows = await q.orderBy('id').limit(pageSize).offset((pageNumber - 1) * pageSize).execute();
  return { domains: rows.map(domainFromRow), pageSize, pageNumber };
}

/** UpdateDomain carries no changeable field in this API version: it answers the domain as stored. */
export const updateDomain = getDomain;

export async function deleteDomain(db: Db, envId: string, ref: OrganizationRef | undefined, id: string): Promise<void> {
  const row = await getDomainRow(db, envId, ref, id);
  await db.deleteFrom('domains').where('id', '=', row.id).execute();
}
