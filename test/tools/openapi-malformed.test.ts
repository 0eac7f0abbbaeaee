import fs from 'node:fs';
import YAML from 'yaml';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { readOpenApiTools } from '../../src/modules/tools/openapi/index.js';
import { validateDeclarative } from '../../src/modules/tools/declarative/index.js';
import { DomainError } from '../../src/modules/errors/domain-error.js';
import { Rng } from '../helpers/fuzz-inputs.js';

const PETSTORE = YAML.parse(fs.readFileSync(new URL('../fixtures/openapi/petstore.yaml', import.meta.url), 'utf8'));
const ajv = new Ajv2020({ strict: false });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
/** Most corruptions leave most tools unchanged: compile each distinct schema once. */
const compiled = new Map<string, string>();
function compileError(schema: unknown): string {
  const key = JSON.stringify(schema);
  if (!compiled.has(key)) {
    try {
      ajv.compile(schema as object);
      compiled.set(key, '');
    } catch (err) {
      compiled.set(key, (err as Error).message);
    }
  }
  return compiled.get(key)!;
}

const JUNK: unknown[] = [
  null, 0, -3, 1.5, '', 'pet', true, [], {}, [1, 'a', null], { $ref: '#/nope' }, { $ref: '#/paths' }, { $ref: '#/components/schemas/Pet' },
  { type: 'file' }, { type: ['string', 7] }, { minLength: -1, maxItems: 2.5, multipleOf: 0 }, { pattern: '([' }, { enum: 'x' }, { properties: 'x', required: 'name' },
  { oneOf: [] }, { allOf: [null, { properties: { a: 1 } }] }, { in: 'body', name: 'x' }, { name: 7, in: 'query' }, { content: 'json' }, '/../{{x}}/{y}',
];

/** Every path to a node of a JSON value, for replacing one at random. */
function nodePaths(v: unknown, at: string[] = [], out: string[][] = []): string[][] {
  out.push(at);
  if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) nodePaths(x, [...at, k], out);
  return out;
}
function replaced(doc: unknown, path: string[], value: unknown): unknown {
  if (!path.length) return value;
  const copy: any = Array.isArray(doc) ? [...doc] : { ...(doc as object) };
  copy[path[0]] = replaced(copy[path[0]], path.slice(1), value);
  return copy;
}

describe('a malformed OpenAPI document is an InvalidArgument or skipped operations, never a crash', () => {
  it('survives 150 random corruptions of the Petstore, and what it does import still compiles and validates', async () => {
    const rng = new Rng(0x0a91);
    const paths = nodePaths(PETSTORE);
    // Half the corruptions land in a schema or a parameter, where the trimming and the input are built.
    const schemaPaths = paths.filter((p) => p.some((k) => k === 'schema' || k === 'schemas' || k === 'parameters' || k === 'properties'));
    for (let i = 0; i < 150; i++) {
      let doc: unknown = PETSTORE;
      const picks: string[] = [];
      for (let n = 0; n < 1 + rng.int(3); n++) {
        const path = rng.pick(rng.chance(0.5) ? schemaPaths : paths);
        const value = rng.pick(JUNK);
        picks.push(`${path.join('.')} = ${JSON.stringify(value)}`);
        doc = replaced(doc, path, value);
      }
      const result = await readOpenApiTools(doc as object, { provider: 'petstore' }).catch((e: unknown) => e as Error);
      if (result instanceof Error) {
        expect(result, `${picks.join('; ')}: ${result.stack}`).toBeInstanceOf(DomainError);
        expect((result as DomainError).code).toBe('invalid_argument');
        continue;
      }
      for (const t of result.tools) {
        const d = t.definition;
        expect(compileError(d.input_schema), `${picks.join('; ')}: ${d.name} input`).toBe('');
        expect(compileError(d.output_schema), `${picks.join('; ')}: ${d.name} output`).toBe('');
        expect(validateDeclarative(t.implementation, d), `${picks.join('; ')}: ${d.name}`).toEqual([]);
        expect(Buffer.byteLength(JSON.stringify(d))).toBeLessThanOrEqual(2048);
      }
    }
  });
});
