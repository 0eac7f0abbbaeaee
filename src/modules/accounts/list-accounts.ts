import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { keysetPage, type Page } from '../paging/keyset-page.js';
import { pageSizeOf } from '../paging/page-token.js';
import { checkTextLength } from '../validation/input-limits.js';
import { containsIgnoringCase } from '../validation/like-pattern.js';
import { accountView, type AccountView } from './account-lookup.js';

/** Every filter is optional; the given ones all apply. */
export interface AccountFilter {
  organizationId?: string;
  userId?: string;
  /** A connection name. */
  connectionName?: string;
  /** Any of these connection names. */
  connectionNames?: string[];
  connectionId?: string;
  /** Provider key, case-insensitive (`gmail`, `GMAIL`, a custom provider identifier). */
  providerKey?: string;
  /** Exact identifier. */
  identifier?: string;
  /** Case-insensitive substring of the identifier, or an exact account id. */
  query?: string;
  pageSize?: number;
  pageToken?: string;
}

const MAX_PAGE_SIZE = 100;

/** A page of the environment's accounts, oldest first. Never carries credentials. */
export async function listAccounts(db: Kysely<Tables>, envId: string, f: AccountFilter): Promise<Page<AccountView>> {
  const pageSize = pageSizeOf(f.pageSize, MAX_PAGE_SIZE);
  let q = db.selectFrom('connected_accounts').selectAll().where('environment_id', '=', envId);
  if (f.organizationId) q = q.where('organization_id', '=', f.organizationId);
  if (f.userId) q = q.where('user_id', '=', f.userId);
  if (f.identifier) q = q.where('identifier', '=', f.identifier);
  if (f.connectionId) q = q.where('connection_id', '=', f.connectionId);

  const names = f.connectionNames?.map((n) => n.trim()).filter(Boolean) ?? [];
  const provider = f.providerKey?.trim().toLowerCase();
  if (f.connectionName || names.length || provider) {
    let conns = db.selectFrom('connections').select('id').where('environment_id', '=', envId);
    if (f.connectionName) conns = conns.where('connection_name', '=', f.connectionName);
    if (names.length) conns = conns.where('connection_name', 'in', names);
    if (provider) conns = conns.where('provider_key', '=', provider);
    q = q.where('connection_id', 'in', conns);
  }
  checkTextLength('query', f.query);
  const term = f.query?.trim();
  if (term) q = q.where((eb) => eb.or([containsIgnoringCase('identifier', term), eb('id', '=', term)]));

  const page = await keysetPage(q, { pageSize, pageToken: f.pageToken });
  const ids = [...new Set(page.items.map((r) => r.connection_id))];
  const connections = ids.length
    ? await db.selectFrom('connections').select(['id', 'connection_name', 'provider_key']).where('environment_id', '=', envId).where('id', 'in', ids).execute()
    : [];
  const byId = new Map(connections.map((c) => [c.id, c]));
  return { ...page, items: page.items.map((r) => accountView(r, byId.get(r.connection_id)!)) };
}
