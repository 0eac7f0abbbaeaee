import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { invalidArgument } from '../../errors/domain-error.js';
import { CODE_TOOL_PROVIDER } from '../custom/custom-tool-info.js';
import { callerOf, toolInScope } from '../custom/tool-scope.js';
import { activeAccountsOf, type ScopedAccount } from './scoped-accounts.js';
import { checkScopedFilter, type ScopedToolFilter } from './scoped-filter.js';
import { pageOf, type ToolPage } from './tool-page.js';
import type { RegisteredTool, ToolRegistry } from './tool-registry.js';
import { accountToolsOf } from './account-tool-source.js';

export interface ScopedToolItem {
  tool: RegisteredTool;
  identifier: string;
  /** '' for a code tool: it runs for the identifier, on no account of its own. */
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
const callerOfAccount = (a: ScopedAccount) => callerOf([a]);

/**
 * The tools of every connection on which `identifier` has an ACTIVE account: once per account
 * (two Gmail connections, two accounts → each Gmail tool twice, each with its account id), in
 * the order tool name, connection name, account id. Custom tools follow the scope rule per
 * account; a code tool (provider `custom`) is listed once, with no account id, when at least one
 * ACTIVE account of the identifier is in its scope, and only when the filter names no provider or
 * connection, names `custom`, or names the connection it is scoped to.
 */
export async function listScopedTools(db: Kysely<Tables>, registry: ToolRegistry, envId: string, input: ListScopedToolsInput): Promise<ToolPage<ScopedToolItem>> {
  const identifier = input.identifier?.trim();
  if (!identifier) throw invalidArgument('identifier', 'is required: the connected account identifier whose tools to list (e.g. user_123)');
  const filter = await checkScopedFilter(db, registry, envId, input.filter ?? {});
  const providerKeys = filter.providers.filter((p) => p !== CODE_TOOL_PROVIDER);
  const codeTools = registry.byProvider(CODE_TOOL_PROVIDER);
  // Code tools need every account for their scope; without them, SQL narrows (the common, fast path).
  const accounts = await activeAccountsOf(db, envId, identifier, codeTools.length ? {} : { connectionNames: filter.connectionNames, providerKeys });
  const names = filter.toolNames.length ? new Set(filter.toolNames) : undefined;
  const items: ScopedToolItem[] = [];
  const providerOnly = filter.providers.length > 0 && providerKeys.length === 0;
  const skipped = (a: ScopedAccount) => providerOnly || (filter.connectionNames.length && !filter.connectionNames.includes(a.connectionName)) || (providerKeys.length && !providerKeys.includes(a.providerKey));
  // Tools that exist per account (an MCP connector's, imported from its upstream), for the accounts listed.
  const source = accountToolsOf(registry);
  const imported = source ? await source.toolsOf(envId, accounts.filter((a) => !skipped(a)).map((a) => ({ ...a, identifier }))) : undefined;
  for (const a of accounts) {
    if (skipped(a)) continue;
    for (const tool of registry.byProvider(a.providerKey)) {
      if ((!names || names.has(tool.name)) && toolInScope(tool, callerOfAccount(a))) items.push({ tool, identifier, connectedAccountId: a.accountId, connectionName: a.connectionName });
    }
    for (const tool of imported?.get(a.accountId) ?? []) {
      if (!names || names.has(tool.name)) items.push({ tool, identifier, connectedAccountId: a.accountId, connectionName: a.connectionName });
    }
  }
  const everyCodeTool = (!filter.providers.length && !filter.connectionNames.length) || filter.providers.includes(CODE_TOOL_PROVIDER);
  for (const tool of codeTools) {
    const scopedTo = tool.custom?.scope.connectionName;
    if (!everyCodeTool && !(scopedTo && filter.connectionNames.includes(scopedTo))) continue;
    if ((!names || names.has(tool.name)) && accounts.some((a) => toolInScope(tool, callerOfAccount(a)))) items.push({ tool, identifier, connectedAccountId: '', connectionName: '' });
  }
  items.sort((x, y) => (keyOf(x) < keyOf(y) ? -1 : 1));
  return pageOf(items, keyOf, input);
}
