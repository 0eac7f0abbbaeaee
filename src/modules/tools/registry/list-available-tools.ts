import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { invalidArgument } from '../../errors/domain-error.js';
import { pageOf, type ToolPage } from './tool-page.js';
import type { RegisteredTool, ToolRegistry } from './tool-registry.js';

/**
 * The tools `identifier` could be given: those of every enabled connection on which it already has
 * an account in any status, or could connect one (the connection is COMPLETED: an OAuth app with
 * client id and secret, or a static type). Each tool once, by name: unlike ListScopedTools, no
 * account is implied.
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
    .select(['c.provider_key', 'c.auth_type', 'c.client_id', 'c.client_secret_ciphertext', 'a.id as account_id'])
    .where('c.environment_id', '=', envId)
    .where('c.enabled', '=', 1)
    .execute();
  const providers = new Set(
    rows.filter((r) => r.account_id !== null || r.auth_type !== 'OAUTH' || (r.client_id !== null && r.client_secret_ciphertext !== null)).map((r) => r.provider_key),
  );
  return pageOf(registry.all.filter((t) => providers.has(t.provider)), (t) => t.name, input);
}
