import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { DomainError, notFound } from '../../errors/domain-error.js';
import { findProvider } from '../../providers/provider-registry.js';
import type { ToolRegistry } from './tool-registry.js';
import { accountToolsOf } from './account-tool-source.js';
import { CODE_TOOL_PROVIDER } from '../custom/custom-tool-info.js';

export interface ScopedToolFilter {
  providers?: string[];
  toolNames?: string[];
  connectionNames?: string[];
}

/** The filter with provider keys lower-cased; not_found naming the first connection, provider or tool that does not exist. */
export async function checkScopedFilter(db: Kysely<Tables>, registry: ToolRegistry, envId: string, f: ScopedToolFilter): Promise<Required<ScopedToolFilter>> {
  const connectionNames = [...new Set((f.connectionNames ?? []).map((n) => n.trim()).filter(Boolean))];
  const providers = [...new Set((f.providers ?? []).map((p) => p.trim().toLowerCase()).filter(Boolean))];
  const toolNames = [...new Set((f.toolNames ?? []).map((n) => n.trim()).filter(Boolean))];
  const missingTool = toolNames.find((n) => !registry.byName(n) && !accountToolsOf(registry)?.mayName(n));
  if (missingTool) throw notFound('tool', missingTool, 'TOOL_NOT_FOUND');
  const [found] = await Promise.all([
    connectionNames.length
      ? db.selectFrom('connections').select('connection_name').where('environment_id', '=', envId).where('connection_name', 'in', connectionNames).execute()
      : Promise.resolve([]),
    // `custom` is the code tools' provider: no provider record, but a valid filter.
    ...providers.filter((p) => p !== CODE_TOOL_PROVIDER).map((p) =>
      findProvider(db, envId, p).catch((err) => {
        throw err instanceof DomainError && err.code === 'not_found' ? notFound('provider', p, 'PROVIDER_NOT_FOUND') : err;
      }),
    ),
  ]);
  const have = new Set((found as Array<{ connection_name: string }>).map((r) => r.connection_name));
  const missingConnection = connectionNames.find((n) => !have.has(n));
  if (missingConnection) throw notFound('connection', missingConnection, 'CONNECTION_NOT_FOUND');
  return { connectionNames, providers, toolNames };
}
