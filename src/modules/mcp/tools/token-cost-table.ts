import { loadBuiltinCatalog } from '../../providers/catalog/load-catalog.js';
import type { ToolRegistry } from '../../tools/registry/tool-registry.js';
import { mcpToolDefinition } from './mcp-tool-definition.js';

export const TOKEN_TABLE_START = '<!-- mcp-token-table:start (npm run mcp:token-table) -->';
export const TOKEN_TABLE_END = '<!-- mcp-token-table:end -->';

/** The JSON a client receives as one connector's whole tools/list (as served to a connected user, no modifier). */
export function connectorToolsListJson(registry: ToolRegistry, providerKey: string): string {
  const tools = registry.byProvider(providerKey).map((tool) => mcpToolDefinition({ mcpName: tool.name, tool, connectionName: providerKey, connectionId: '', accountId: 'ca' }, false));
  return JSON.stringify({ tools });
}

/**
 * What each connector's tool list costs a model's context: the characters of its tools/list JSON
 * and the usual estimate of 4 characters per token (real tokenizers land within about 20 %).
 */
export function tokenCostTable(registry: ToolRegistry): string {
  const providers = loadBuiltinCatalog();
  const keys = [...new Set(registry.all.map((t) => t.provider))].sort();
  let chars = 0;
  const rows = keys.map((k) => {
    const n = connectorToolsListJson(registry, k).length;
    chars += n;
    return `| ${providers.get(k)?.display_name ?? k} | ${registry.byProvider(k).length} | ${n.toLocaleString('en-US')} | ~${Math.ceil(n / 4).toLocaleString('en-US')} |`;
  });
  return [
    '| Connector | Tools | tools/list JSON (characters) | Tokens (≈ characters / 4) |',
    '| --- | --- | --- | --- |',
    ...rows,
    `| **All ${keys.length}** | **${registry.all.length}** | **${chars.toLocaleString('en-US')}** | **~${Math.ceil(chars / 4).toLocaleString('en-US')}** |`,
  ].join('\n');
}

/** `readme` with the text between the markers replaced by the current table. */
export function withTokenCostTable(readme: string, registry: ToolRegistry): string {
  const start = readme.indexOf(TOKEN_TABLE_START);
  const end = readme.indexOf(TOKEN_TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${TOKEN_TABLE_START} … ${TOKEN_TABLE_END} markers`);
  return `${readme.slice(0, start + TOKEN_TABLE_START.length)}\n${tokenCostTable(registry)}\n${readme.slice(end)}`;
}
