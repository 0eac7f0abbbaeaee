import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { pageOf } from '../../tools/registry/tool-page.js';
import { effectiveModifier } from '../../tools/modifiers/modifier-cache.js';
import { isNoPost } from '../../tools/modifiers/modifier-rule.js';
import type { McpCaller } from '../auth/mcp-caller.js';
import type { EndpointTool } from './endpoint-tools.js';
import { mcpToolDefinition, type McpToolDefinition } from './mcp-tool-definition.js';

export const MCP_TOOLS_PAGE_SIZE = Object.freeze({ default: 50, max: 100 });

/** Whether the environment trims this tool's output on this connection (its advertised outputSchema is loosened then). */
async function trimmed(db: Kysely<Tables>, envId: string, t: EndpointTool): Promise<boolean> {
  const rule = await effectiveModifier(db, envId, t.tool.name, t.connectionId || null);
  return !!rule && !isNoPost(rule.post);
}

/** tools/list: one page of the endpoint's tools (`all`, endpoint-tools.ts) in name order; the cursor is opaque and stable while tools come and go. */
export async function listEndpointTools(
  db: Kysely<Tables>,
  all: readonly EndpointTool[],
  caller: McpCaller,
  page: { cursor?: string; pageSize: number },
): Promise<{ tools: McpToolDefinition[]; nextCursor?: string }> {
  const p = pageOf(all, (t) => t.mcpName, { pageSize: page.pageSize, pageToken: page.cursor });
  const tools = await Promise.all(p.items.map(async (t) => mcpToolDefinition(t, await trimmed(db, caller.envId, t))));
  return p.nextPageToken ? { tools, nextCursor: p.nextPageToken } : { tools };
}
