import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { connectorToolsListJson, withTokenCostTable } from '../../src/modules/mcp/tools/token-cost-table.js';
import { mcpToolDefinition } from '../../src/modules/mcp/tools/mcp-tool-definition.js';
import { builtinToolRegistry } from '../../src/modules/tools/registry/tool-registry.js';

describe("the README's MCP token cost table", () => {
  it('matches the catalog (regenerate it with npm run mcp:token-table)', () => {
    const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(withTokenCostTable(readme, builtinToolRegistry())).toBe(readme);
  });

  it('counts exactly what tools/list serves: every tool of the connector, as the MCP definition', () => {
    const registry = builtinToolRegistry();
    const parsed = JSON.parse(connectorToolsListJson(registry, 'gmail'));
    expect(parsed.tools.map((t: any) => t.name)).toEqual(registry.byProvider('gmail').map((t) => t.name));
    const first = registry.byProvider('gmail')[0];
    expect(parsed.tools[0]).toEqual(JSON.parse(JSON.stringify(mcpToolDefinition({ mcpName: first.name, tool: first, connectionName: 'gmail', connectionId: '', accountId: 'ca' }, false))));
  });
});
