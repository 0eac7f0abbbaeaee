import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { PortalLinkRow } from '../../storage/schema-users.js';
import { newId } from '../../storage/ids.js';
import type { Vault } from '../vault/vault.js';
import { hashToken, newFlowSecret } from '../authorization/flow-secrets.js';
import { invalidArgument, notFound } from '../errors/domain-error.js';
import { getOrganization } from './organizations.js';

/** The SDK documents admin-portal links as valid for one minute (a session starts when one is opened). */
export const PORTAL_LINK_TTL_MS = 60_000;

export interface PortalLink {
  id: string;
  location: string;
  expiresAt: Date;
}

const aad = (id: string) => `portal_links:${id}:token`;
const locationOf = (publicUrl: string, token: string) => `${publicUrl}/portal/links/${token}`;

async function orgId(db: Kysely<Tables>, envId: string, id: string): Promise<string> {
  if (!id) throw invalidArgument('id', 'is required (the organization id)');
  return (await getOrganization(db, envId, { id })).id;
}

/**
 * A link carrying 256 random bits: the database keeps its hash (to find it when opened) and the
 * token sealed by the vault (so GetPortalLinks can show the location again), never the token itself.
 */
export async function generatePortalLink(deps: { db: Kysely<Tables>; vault: Vault; publicUrl: string }, envId: string, organizationId: string): Promise<PortalLink> {
  const org = await orgId(deps.db, envId, organizationId);
  const token = newFlowSecret();
  const now = new Date();
  const row: PortalLinkRow = {
    id: newId('plink'),
    environment_id: envId,
    organization_id: org,
    token_hash: hashToken(token),
    token_ciphertext: '',
    expires_at: new Date(now.getTime() + PORTAL_LINK_TTL_MS).toISOString(),
    created_at: now.toISOString(),
  };
  row.token_ciphertext = deps.vault.encrypt(token, aad(row.id));
  await deps.db.insertInto('portal_links').values(row).execute();
  return { id: row.id, location: locationOf(deps.publicUrl, token), expiresAt: new Date(row.expires_at) };
}

/** The organization's links that have not expired, oldest first. */
export async function listPortalLinks(deps: { db: Kysely<Tables>; vault: Vault; publicUrl: string }, envId: string, organizationId: string): Promise<PortalLink[]> {
  const org = await orgId(deps.db, envId, organizationId);
  const rows = await deps.db
    .selectFrom('portal_links')
    .selectAll()
    .where('organization_id', '=', org)
    .where('expires_at', '>', new Date().toISOString())
    .orderBy('id')
    .execute();
  return Promise.all(rows.map(async (r) => ({ id: r.id, location: locationOf(deps.publicUrl, await deps.vault.decrypt(r.token_ciphertext, aad(r.id))), expiresAt: new Date(r.expires_at) })));
}

/** DeletePortalLink (every link of the organization) or DeletePortalLinkByID (one; unknown → NotFound). */
export async function deletePortalLinks(db: Kysely<Tables>, envId: string, organizationId: string, linkId?: string): Promise<void> {
  const org = await orgId(db, envId, organizationId);
  let q = db.deleteFrom('portal_links').where('organization_id', '=', org);
  if (linkId !== undefined) {
    if (!linkId) throw invalidArgument('link_id', 'is required');
    q = q.where('id', '=', linkId);
  }
  const r = await q.executeTakeFirst();
  if (linkId !== undefined && Number(r.numDeletedRows) === 0) throw notFound('portal link', linkId, 'PORTAL_LINK_NOT_FOUND');
}
