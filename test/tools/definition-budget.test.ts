import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { BUILTIN_TOOLS } from '../../src/modules/tools/catalog/index.js';
import { loadBuiltinCatalog } from '../../src/modules/providers/catalog/load-catalog.js';

const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v));
function medianOf(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : 0;
}

// Over whatever the catalog holds: connector folders fill up independently of this test.
describe('the built-in tool catalog stays small and well-formed for a model', () => {
  const defs = BUILTIN_TOOLS.map((t) => t.definition);

  it('keeps every definition within 2 KB of JSON and the median within 900 B', () => {
    const over = defs.filter((d) => bytes(d) > 2048).map((d) => `${d.name}: ${bytes(d)} B`);
    expect(over).toEqual([]);
    const median = medianOf(defs.map(bytes));
    // The message says which connectors pull the median up.
    const perProvider = [...new Set(defs.map((d) => d.provider))].map((p) => `${p} ${medianOf(defs.filter((d) => d.provider === p).map(bytes))} B`).join(', ');
    expect(median, `median ${median} B (per connector: ${perProvider})`).toBeLessThanOrEqual(900);
  });

  it('names each tool once, snake_case, prefixed by a provider of the provider catalog', () => {
    const names = defs.map((d) => d.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    expect(names.filter((n) => !/^[a-z][a-z0-9_]*$/.test(n))).toEqual([]);
    const providers = loadBuiltinCatalog();
    expect(defs.filter((d) => !providers.has(d.provider)).map((d) => `${d.name} → ${d.provider}`)).toEqual([]);
  });

  it('has the keys of the seed sample, compiling schemas (JSON Schema 2020-12), annotations and a version', () => {
    const ajv = new Ajv2020({ strict: false });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    for (const t of BUILTIN_TOOLS) {
      const d = t.definition;
      expect(Object.keys(d).sort(), d.name).toEqual(['category', 'description', 'display_name', 'input_schema', 'name', 'output_schema', 'provider']);
      for (const k of ['display_name', 'description', 'category'] as const) expect(typeof d[k] === 'string' && d[k].length > 0, `${d.name}.${k}`).toBe(true);
      expect(d.input_schema.type, `${d.name}.input_schema.type`).toBe('object');
      expect(() => ajv.compile(d.input_schema), `${d.name} input_schema`).not.toThrow();
      expect(() => ajv.compile(d.output_schema), `${d.name} output_schema`).not.toThrow();
      for (const k of ['readOnly', 'destructive', 'idempotent'] as const) expect(typeof t.annotations?.[k], `${d.name}.annotations.${k}`).toBe('boolean');
      expect(t.version, `${d.name}.version`).toMatch(/^\d+\.\d+\.\d+$/);
      expect(typeof t.request === 'function' || typeof t.run === 'function', `${d.name} has request or run`).toBe(true);
    }
  });
});
