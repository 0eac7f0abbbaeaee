import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { listScopedTools, type ScopedToolItem } from '../../tools/registry/list-scoped-tools.js';
import type { RegisteredTool, ToolRegistry } from '../../tools/registry/tool-registry.js';
import { TOOL_PAGE_SIZE } from '../../tools/registry/tool-page.js';
import { callerOf, toolInScope } from '../../tools/custom/tool-scope.js';
import type { McpCaller } from '../auth/mcp-caller.js';

/** One tool an endpoint offers its caller. */
export interface EndpointTool {
  /** The MCP tool name: the tool's own, or `<connection>__<tool>` when two of the endpoint's connections offer it. */
  mcpName: string;
  tool: RegisteredTool;
  /** '' for a tool that runs on no account (a code tool). */
  connectionName: string;
  connectionId: string;
  /** The caller's ACTIVE account on the connection; unset when there is none yet (a call answers an authorization link). */
  accountId?: string;
  /** A code tool: it runs for the identifier, on no account of its own. */
  accountless?: boolean;
}

/** Every scoped tool of the caller on these connections: ListScopedTools itself, all pages (custom, code and imported tools included). */
async function scopedItems(db: Kysely<Tables>, registry: ToolRegistry, envId: string, identifier: string, connectionNames: string[]): Promise<ScopedToolItem[]> {
  const items: ScopedToolItem[] = [];
  let pageToken: string | undefined;
  do {
    const page = await listScopedTools(db, registry, envId, { identifier, filter: { connectionNames }, pageSize: TOOL_PAGE_SIZE.max, pageToken });
    items.push(...page.items);
    pageToken = page.nextPageToken || undefined;
  } while (pageToken);
  return items;
}

/**
 * The endpoint's tools for its caller, deterministic: ListScopedTools' tools (the caller's ACTIVE
 * accounts) plus, for each enabled connection where the caller has none yet, that provider's
 * tools without an account, so calling one can answer with an authorization link. Then the
 * server's allow-list, names made unique, sorted by name, and the server's cap.
 */
export async function endpointTools(db: Kysely<Tables>, registry: ToolRegistry, caller: McpCaller): Promise<EndpointTool[]> {
  const { envId, identifier, endpoint } = caller;
  const connections = endpoint.connectionNames.length
    ? await db
        .selectFrom('connections')
        .select(['id', 'connection_name', 'provider_key'])
        .where('environment_id', '=', envId)
        .where('connection_name', 'in', endpoint.connectionNames)
        // A disabled connection refuses every call, as in ListScopedTools.
        .where('enabled', '=', 1)
        .orderBy('connection_name')
        .execute()
    : [];
  if (!connections.length) return [];
  const scoped = await scopedItems(db, registry, envId, identifier, connections.map((c) => c.connection_name));
  const idOf = new Map(connections.map((c) => [c.connection_name, c.id]));
  const seen = new Set<string>();
  const picked: Array<Omit<EndpointTool, 'mcpName'>> = [];
  for (const item of scoped) {
    const key = `${item.connectionName}\u0001${item.tool.name}`;
    // Two accounts of one identifier on one connection (other organization/user ids): the first, in ListScopedTools' order.
    if (seen.has(key)) continue;
    seen.add(key);
    const accountless = item.connectedAccountId === '';
    picked.push({ tool: item.tool, connectionName: item.connectionName, connectionId: idOf.get(item.connectionName) ?? '', ...(accountless ? { accountless } : { accountId: item.connectedAccountId }) });
  }
  const connected = new Set(scoped.filter((i) => i.connectedAccountId).map((i) => i.connectionName));
  for (const c of connections) {
    if (connected.has(c.connection_name)) continue;
    // A custom tool narrowed to an organization waits for an account there: a user with none yet is not offered it.
    const scope = callerOf([{ organizationId: null, connectionId: c.id }]);
    for (const tool of registry.byProvider(c.provider_key)) if (toolInScope(tool, scope)) picked.push({ tool, connectionName: c.connection_name, connectionId: c.id });
  }
  const allowed = endpoint.allowedTools ? picked.filter((p) => endpoint.allowedTools!.has(p.tool.name)) : picked;
  const count = new Map<string, number>();
  for (const p of allowed) count.set(p.tool.name, (count.get(p.tool.name) ?? 0) + 1);
  const named = allowed.map((p) => ({ ...p, mcpName: count.get(p.tool.name)! > 1 ? `${p.connectionName}__${p.tool.name}` : p.tool.name }));
  named.sort((a, b) => (a.mcpName < b.mcpName ? -1 : a.mcpName > b.mcpName ? 1 : 0));
  return endpoint.maxTools !== undefined ? named.slice(0, endpoint.maxTools) : named;
}
