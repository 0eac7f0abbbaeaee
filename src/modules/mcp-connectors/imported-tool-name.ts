/** Every imported tool's name starts so: `c-<connection_name>_<upstream tool name>` (as Scalekit's `c-apifymcp_fetch-apify-docs`). */
export const IMPORTED_TOOL_PREFIX = 'c-';

export const importedToolName = (connectionName: string, upstreamTool: string): string => `${IMPORTED_TOOL_PREFIX}${connectionName}_${upstreamTool}`;

/**
 * The (connection name, upstream tool) splits a name could mean: connection names and tool names
 * may both hold `_`, so each `_` is a candidate boundary; the caller keeps those whose connection
 * exists and is an MCP connector, longest connection name first.
 */
export function importedNameSplits(name: string): Array<{ connectionName: string; upstreamTool: string }> {
  if (!name.startsWith(IMPORTED_TOOL_PREFIX)) return [];
  const rest = name.slice(IMPORTED_TOOL_PREFIX.length);
  const out: Array<{ connectionName: string; upstreamTool: string }> = [];
  for (let i = rest.lastIndexOf('_'); i > 0; i = rest.lastIndexOf('_', i - 1)) {
    if (i < rest.length - 1) out.push({ connectionName: rest.slice(0, i), upstreamTool: rest.slice(i + 1) });
  }
  return out;
}
