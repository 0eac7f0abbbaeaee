import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { builtinProvider } from '../providers/provider-registry.js';
import { isMcpProvider } from './mcp-provider.js';

/**
 * Which of `keys` are this environment's MCP-server providers. Built-in providers never are, so
 * an environment without custom providers in play costs no query.
 */
export async function mcpProviderKeys(db: Kysely<Tables>, envId: string, keys: Iterable<string>): Promise<Set<string>> {
  const custom = [...new Set(keys)].filter((k) => !builtinProvider(k));
  if (!custom.length) return new Set();
  const rows = await db.selectFrom('custom_providers').select(['identifier', 'definition']).where('environment_id', '=', envId).where('identifier', 'in', custom).execute();
  return new Set(rows.filter((r) => isMcpProvider(JSON.parse(r.definition))).map((r) => r.identifier));
}
