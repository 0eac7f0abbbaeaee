import { loadBuiltinCatalog } from '../../providers/catalog/load-catalog.js';
import type { ToolRegistry } from './tool-registry.js';

export const TABLE_START = '<!-- tools-table:start (npm run tools:table) -->';
export const TABLE_END = '<!-- tools-table:end -->';

/** The README's table of connectors and their tool counts, generated from the catalog so it cannot drift. */
export function connectorTable(registry: ToolRegistry): string {
  const providers = loadBuiltinCatalog();
  const keys = [...new Set(registry.all.map((t) => t.provider))].sort();
  const rows = keys.map((k) => `| ${providers.get(k)?.display_name ?? k} | \`${k}\` | ${registry.byProvider(k).length} |`);
  return [`| Connector | Provider key | Tools |`, `| --- | --- | --- |`, ...rows, `| **${keys.length} connectors** | | **${registry.all.length}** |`].join('\n');
}

/** `readme` with the text between the markers replaced by the current table. */
export function withConnectorTable(readme: string, registry: ToolRegistry): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${TABLE_START} … ${TABLE_END} markers`);
  return `${readme.slice(0, start + TABLE_START.length)}\n${connectorTable(registry)}\n${readme.slice(end)}`;
}
