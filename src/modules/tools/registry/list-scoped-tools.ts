import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { invalidArgument } from '../../errors/domain-error.js';
import { activeAccountsOf } from './scoped-accounts.js';
import { checkScopedFilter, type ScopedToolFilter } from './scoped-filter.js';
import { pageOf, type ToolPage } from './tool-page.js';
import type { RegisteredTool, ToolRegistry } from './tool-registry.js';

export interface ScopedToolItem {
  tool: RegisteredTool;
  identifier: string;
  connectedAccountId: string;
  connectionName: string;
}

export interface ListScopedToolsInput {
  identifier: string;
  filter?: ScopedToolFilter;
  pageSize?: number;
  pageToken?: string;
}

// \u0001 sorts below every character a tool or connection name may hold, so the key orders as the tuple does.
const keyOf = (i: ScopedToolItem) => `${i.tool.name}\u0001${i.connectionName}\u0001${i.connectedAccountId}`;

/**
 * The tools of every connection on which `identifier` has an ACTIVE account: once per account
 * (two Gmail connections, two accounts → each Gmail tool twice, each with its account id), in
 * the order tool name, connection name, account id.
 */
export async function listScopedTools(db: Kysely<Tables>, registry: ToolRegistry, envId: string, input: ListScopedToolsInput): Promise<ToolPage<ScopedToolItem>> {
  const identifier = input.identifier?.trim();
  if (!identifier) throw invalidArgument('identifier', 'is required: the connected account identifier whose tools to list (e.g. user_123)');
  const filter = await checkScopedFilter(db, registry, envId, input.filter ?? {});
  const accounts = await activeAccountsOf(db, envId, identifier, { connectionNames: filter.connectionNames, providerKeys: filter.providers });
  const names = filter.toolNames.length ? new Set(filter.toolNames) : undefined;
  const items: ScopedToolItem[] = [];
  for (const a of accounts) {
    for (const tool of registry.byProvider(a.providerKey)) {
      if (!names || names.has(tool.name)) items.push({ tool, identifier, connectedAccountId: a.accountId, connectionName: a.connectionName });
    }
  }
  items.sort((x, y) => (keyOf(x) < keyOf(y) ? -1 : 1));
  return pageOf(items, keyOf, input);
}
