import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withConnectorTable } from '../../src/modules/tools/registry/connector-table.js';
import { builtinToolRegistry } from '../../src/modules/tools/registry/tool-registry.js';

describe("the README's connector table", () => {
  it('matches the catalog (regenerate it with npm run tools:table)', () => {
    const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(withConnectorTable(readme, builtinToolRegistry())).toBe(readme);
  });
});
