import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withTokenCostTable } from '../src/modules/mcp/tools/token-cost-table.js';
import { builtinToolRegistry } from '../src/modules/tools/registry/tool-registry.js';

// `npm run mcp:token-table`: rewrites the README's table of what each connector's MCP tools/list costs in tokens.
const readme = fileURLToPath(new URL('../README.md', import.meta.url));
fs.writeFileSync(readme, withTokenCostTable(fs.readFileSync(readme, 'utf8'), builtinToolRegistry()));
process.stdout.write('README.md: MCP token cost table updated\n');
