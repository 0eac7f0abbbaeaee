import type { Kysely } from 'kysely';
import type { Tables, CustomProviderRow } from '../../storage/schema.js';
import { invalidArgument, notFound } from '../errors/domain-error.js';
import { decodeCursor, encodeCursor, pageSizeOf } from '../paging/page-token.js';
import type { Page } from '../paging/keyset-page.js';
import { loadBuiltinCatalog } from './catalog/load-catalog.js';
import type { Provider, ProviderType } from './provider.js';

export function customProviderFromRow(row: CustomProviderRow): Provider {
  return {
    identifier: row.identifier,
    providerType: 'CUSTOM',
    definition: JSON.parse(row.definition),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

export function builtinProvider(key: string): Provider | undefined {
  const def = loadBuiltinCatalog().get(key);
  return def ? { identifier: key, providerType: 'BUILTIN', definition: def } : undefined;
}

/** The provider a connection names: a built-in key or one of this environment's custom providers. */
export async function findProvider(db: Kysely<Tables>, envId: string, identifier: string): Promise<Provider> {
  const builtin = builtinProvider(identifier);
  if (builtin) return builtin;
  const row = await db.selectFrom('custom_providers').selectAll().where('environment_id', '=', envId).where('identifier', '=', identifier).executeTakeFirst();
  if (!row) throw notFound('provider', identifier);
  return customProviderFromRow(row);
}

const MAX_PAGE_SIZE = 1000;

/** Built-in and custom providers, ordered by identifier, with keyset page tokens. */
export async function listProviders(
  db: Kysely<Tables>,
  envId: string,
  opts: { providerType?: string; pageSize?: number; pageToken?: string },
): Promise<Page<Provider>> {
  const type = opts.providerType?.toUpperCase();
  if (type && type !== 'CUSTOM' && type !== 'BUILTIN') throw invalidArgument('filter.provider_type', 'must be CUSTOM or BUILTIN');
  const pageSize = pageSizeOf(opts.pageSize, MAX_PAGE_SIZE);
  const cursor = decodeCursor(opts.pageToken);
  if (cursor && 'before' in cursor) throw invalidArgument('page_token', 'is not a forward page token');
  const all: Provider[] = [];
  if (type !== 'CUSTOM') for (const key of loadBuiltinCatalog().keys()) all.push(builtinProvider(key)!);
  if (type !== 'BUILTIN') {
    const rows = await db.selectFrom('custom_providers').selectAll().where('environment_id', '=', envId).execute();
    all.push(...rows.map(customProviderFromRow));
  }
  all.sort((a, b) => (a.identifier < b.identifier ? -1 : a.identifier > b.identifier ? 1 : 0));
  const rest = cursor ? all.filter((p) => p.identifier > cursor.after) : all;
  const items = rest.slice(0, pageSize);
  return {
    items,
    totalSize: all.length,
    nextPageToken: rest.length > pageSize ? encodeCursor({ after: items[items.length - 1].identifier }) : '',
    prevPageToken: '',
  };
}

export type { ProviderType };
