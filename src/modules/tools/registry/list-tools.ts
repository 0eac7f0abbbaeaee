import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { CODE_TOOL_PROVIDER } from '../custom/custom-tool-info.js';
import { toolInScope } from '../custom/tool-scope.js';
import { accountScope, type AccountFilter, type AccountScope } from './account-providers.js';
import { pageOf, type ToolPage } from './tool-page.js';
import { ownToolsOfAccounts } from './account-tool-source.js';
import { versionOf, type RegisteredTool, type ToolRegistry } from './tool-registry.js';

export interface ListToolsInput extends AccountFilter {
  /** Case-insensitive (`GMAIL` or `gmail`); a provider without tools is an empty list. */
  provider?: string;
  toolNames?: string[];
  /** Case-insensitive substring of the name, display name or description (length bounded upstream). */
  query?: string;
  pageSize?: number;
  pageToken?: string;
}

// \u0001 sorts below every character a tool name may hold, so the key orders as (name, version) does.
export const versionKey = (t: RegisteredTool): string => `${t.name}\u0001${versionOf(t)}`;

/** Whether an account filter lets the tool through: its provider's accounts, code tools for a user, and the scope rule. */
function forAccounts(t: RegisteredTool, a: AccountScope): boolean {
  if (t.provider === CODE_TOOL_PROVIDER && t.custom) {
    if (!a.namesAccounts && !(t.custom.scope.connectionId && a.caller.connectionIds.has(t.custom.scope.connectionId))) return false;
  } else if (!a.providers.has(t.provider)) {
    return false;
  }
  return toolInScope(t, a.caller);
}

/**
 * The catalog, narrowed by every filter given (they combine with AND), a page at a time in name
 * order. Every version of a custom tool is listed (is_default marks the one executions use); with
 * an account filter, only the tools that account's user may run (the scope rule, tool-scope.ts).
 */
export async function listTools(db: Kysely<Tables>, registry: ToolRegistry, envId: string, input: ListToolsInput): Promise<ToolPage<RegisteredTool>> {
  const fromAccounts = await accountScope(db, envId, input);
  const provider = input.provider?.trim().toLowerCase();
  const names = input.toolNames?.length ? new Set(input.toolNames) : undefined;
  const term = input.query?.trim().toLowerCase();
  const imported = fromAccounts ? await ownToolsOfAccounts(registry, envId, fromAccounts.accounts) : [];
  const ownTools = new Set(imported);
  const matches = (imported.length ? [...registry.everyVersion, ...imported].sort((x, y) => (versionKey(x) < versionKey(y) ? -1 : 1)) : registry.everyVersion).filter(
    (t) =>
      (!provider || t.provider === provider) &&
      (!fromAccounts || ownTools.has(t) || forAccounts(t, fromAccounts)) &&
      (!names || names.has(t.name)) &&
      (!term || t.searchText.includes(term)),
  );
  return pageOf(matches, versionKey, input);
}
