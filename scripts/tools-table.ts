import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withConnectorTable } from '../src/modules/tools/registry/connector-table.js';
import { builtinToolRegistry } from '../src/modules/tools/registry/tool-registry.js';

// `npm run tools:table`: rewrites the README's connector table from the catalog.
const readme = fileURLToPath(new URL('../README.md', import.meta.url));
fs.writeFileSync(readme, withConnectorTable(fs.readFileSync(readme, 'utf8'), builtinToolRegistry()));
process.stdout.write(`README.md: ${builtinToolRegistry().all.length} tools\n`);
