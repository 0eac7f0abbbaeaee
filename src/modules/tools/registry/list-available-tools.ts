import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { invalidArgument } from '../../errors/domain-error.js';
import { CODE_TOOL_PROVIDER } from '../custom/custom-tool-info.js';
import { inScope } from '../custom/tool-scope.js';
import { pageOf, type ToolPage } from './tool-page.js';
import type { RegisteredTool, ToolRegistry } from './tool-registry.js';
import { ownToolsOfAccounts } from './account-tool-source.js';

/**
 * The tools `identifier` could be given: those of every enabled connection on which it already has
 * an account in any status, or could connect one (the connection is COMPLETED: an OAuth app with
 * client id and secret, or a static type). Each tool once, by name: unlike ListScopedTools, no
 * account is implied. Custom tools follow the scope rule against those connections and the
 * organizations of the identifier's accounts; an environment-wide code tool is available to anyone.
 * An MCP connector's `c-` tools are listed for the connections where the identifier has an ACTIVE
 * account: they are imported with that account's credential, so there is nothing to list before.
 */
export async function listAvailableTools(
  db: Kysely<Tables>,
  registry: ToolRegistry,
  envId: string,
  input: { identifier: string; pageSize?: number; pageToken?: string },
): Promise<ToolPage<RegisteredTool>> {
  const identifier = input.identifier?.trim();
  if (!identifier) throw invalidArgument('identifier', 'is required: the connected account identifier whose available tools to list (e.g. user_123)');
  const rows = await db
    .selectFrom('connections as c')
    .leftJoin('connected_accounts as a', (j) => j.onRef('a.connection_id', '=', 'c.id').on('a.identifier', '=', identifier))
    .select(['c.id as connection_id', 'c.connection_name', 'c.provider_key', 'c.auth_type', 'c.client_id', 'c.client_secret_ciphertext', 'a.id as account_id', 'a.status', 'a.organization_id'])
    .where('c.environment_id', '=', envId)
    .where('c.enabled', '=', 1)
    .execute();
  const usable = rows.filter((r) => r.account_id !== null || r.auth_type !== 'OAUTH' || (r.client_id !== null && r.client_secret_ciphertext !== null));
  const providers = new Set(usable.map((r) => r.provider_key));
  const caller = {
    organizationIds: new Set(rows.map((r) => r.organization_id).filter((o): o is string => !!o)),
    connectionIds: new Set(usable.map((r) => r.connection_id)),
  };
  const available = registry.all.filter((t) => (providers.has(t.provider) || (t.provider === CODE_TOOL_PROVIDER && !!t.custom)) && inScope(t.custom?.scope, caller));
  // An MCP connector's tools exist per account (imported with its credential): those of the identifier's ACTIVE accounts.
  const active = rows.filter((r) => r.account_id !== null && r.status === 'ACTIVE');
  const accounts = active.map((r) => ({ accountId: r.account_id!, connectionId: r.connection_id, connectionName: r.connection_name, providerKey: r.provider_key, identifier }));
  const own = await ownToolsOfAccounts(registry, envId, accounts);
  if (own.length) {
    const names = new Set(available.map((t) => t.name));
    available.push(...own.filter((t) => !names.has(t.name)));
    available.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  return pageOf(available, (t) => t.name, input);
}
