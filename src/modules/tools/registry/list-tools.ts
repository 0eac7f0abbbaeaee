import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { accountProviders, type AccountFilter } from './account-providers.js';
import { pageOf, type ToolPage } from './tool-page.js';
import type { RegisteredTool, ToolRegistry } from './tool-registry.js';

export interface ListToolsInput extends AccountFilter {
  /** Case-insensitive (`GMAIL` or `gmail`); a provider without tools is an empty list. */
  provider?: string;
  toolNames?: string[];
  /** Case-insensitive substring of the name, display name or description (length bounded upstream). */
  query?: string;
  pageSize?: number;
  pageToken?: string;
}

/** The catalog, narrowed by every filter given (they combine with AND), a page at a time in name order. */
export async function listTools(db: Kysely<Tables>, registry: ToolRegistry, envId: string, input: ListToolsInput): Promise<ToolPage<RegisteredTool>> {
  const fromAccounts = await accountProviders(db, envId, input);
  const provider = input.provider?.trim().toLowerCase();
  const names = input.toolNames?.length ? new Set(input.toolNames) : undefined;
  const term = input.query?.trim().toLowerCase();
  const matches = registry.all.filter(
    (t) =>
      (!provider || t.provider === provider) &&
      (!fromAccounts || fromAccounts.has(t.provider)) &&
      (!names || names.has(t.name)) &&
      (!term || t.searchText.includes(term)),
  );
  return pageOf(matches, (t) => t.name, input);
}
