import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { invalidArgument } from '../../errors/domain-error.js';
import { CODE_TOOL_PROVIDER } from '../custom/custom-tool-info.js';
import { inScope } from '../custom/tool-scope.js';
import { pageOf, type ToolPage } from './tool-page.js';
import type { RegisteredTool, ToolRegistry } from './tool-registry.js';

/**
 * The tools `identifier` could be given: those of every enabled connection on which it already has
 * an account in any status, or could connect one (the connection is COMPLETED: an OAuth app with
 * client id and secret, or a static type). Each tool once, by name: unlike ListScopedTools, no
 * account is implied. Custom tools follow the scope rule against those connections and the
 * organizations of the identifier's accounts; an environment-wide code tool is available to anyone.
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
    .select(['c.id as connection_id', 'c.provider_key', 'c.auth_type', 'c.client_id', 'c.client_secret_ciphertext', 'a.id as account_id', 'a.organization_id'])
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
  return pageOf(available, (t) => t.name, input);
}
