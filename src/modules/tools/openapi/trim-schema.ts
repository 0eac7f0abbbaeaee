import { isObject, type Schema } from './openapi-types.js';
import { shorten } from './shorten-text.js';
import { collapseNullable, flattenAllOf, isNullSchema, typesOf, withNull } from './schema-composition.js';
import { scalarKeywords } from './schema-keywords.js';

/** How far a schema is cut for a model (fit-budget.ts tightens these step by step). */
export interface TrimOptions {
  /** `input` drops readOnly properties, `output` writeOnly ones and every additionalProperties. */
  mode: 'input' | 'output';
  /** Levels of objects kept (1 = the top object's own fields; a list's items count at the list's level); beyond, an input object is any object and an output object is left out. */
  depth: number;
  /** Characters of each description (0 = none). */
  descMax: number;
  /** Properties kept per object (output only: input properties are never dropped). */
  maxProps: number;
}

const SCALARS = new Set(['string', 'number', 'integer', 'boolean', 'null']);

/** Output properties kept first when an object must shrink: required, plain values, API self-links last. */
function rank(name: string, s: unknown, required: Set<string>): number {
  const scalar = isObject(s) && typesOf(s).every((t) => SCALARS.has(t)) && typesOf(s).length > 0;
  const link = (/_url$/.test(name) && name !== 'html_url') || name === 'node_id' || name === 'url';
  return (required.has(name) ? 0 : 4) + (scalar ? 0 : 1) + (link ? 2 : 0);
}

/**
 * A JSON Schema (2020-12) a model can read, from an OpenAPI schema with its refs resolved: only
 * validation keywords and short descriptions (no examples, vendor `x-` fields, xml, titles),
 * 3.0's `nullable` and boolean exclusive bounds translated, oneOf loosened to anyOf, depth-limited.
 * Returns undefined for a part the output leaves out (too deep, or writeOnly/readOnly for the mode).
 */
export function trimSchema(raw: unknown, o: TrimOptions, level = 0, hops = 0): Schema | undefined {
  if (!isObject(raw)) return {};
  // A list's items sit at the list's own level; hops bounds schemas that are lists of themselves.
  if (hops > 24) return o.mode === 'output' ? undefined : {};
  if (typeof raw.$ref === 'string') return {}; // a remote ref we do not fetch: any value
  if ((o.mode === 'input' && raw.readOnly === true) || (o.mode === 'output' && raw.writeOnly === true)) return undefined;
  const { schema: s0, nullable } = collapseNullable(flattenAllOf(raw));
  const s = flattenAllOf(s0);
  const out: Schema = {};
  const types = typesOf(s);
  const objectLike = types.includes('object') || (!types.length && isObject(s.properties));
  const arrayLike = types.includes('array') || (!types.length && s.items !== undefined);
  const description = shorten(s.description, o.descMax);
  if (description) out.description = description;

  const branches = (s.oneOf ?? s.anyOf) as unknown[] | undefined;
  if (Array.isArray(branches)) {
    const all = branches.map((b) => trimSchema(b, { ...o, descMax: 0 }, level, hops + 1));
    // An output value that may take a branch we cut cannot be described honestly: leave it out.
    if (o.mode === 'output' && all.includes(undefined)) return undefined;
    const trimmed = all.filter((b): b is Schema => b !== undefined);
    if (!trimmed.length) return withNull(out, false);
    out.anyOf = trimmed; // oneOf → anyOf: loosened branches may overlap, and oneOf would then refuse valid values
    return withNull(out, nullable && !trimmed.some(isNullSchema));
  }
  if (types.length) out.type = types.length === 1 ? types[0] : types;
  else if (objectLike) out.type = 'object';
  else if (arrayLike) out.type = 'array';

  if (objectLike) {
    if (level >= o.depth) {
      if (o.mode === 'output' && !types.every((t) => t === 'object' || t === 'null')) return withNull(out, nullable);
      return o.mode === 'output' ? undefined : withNull(out, nullable);
    }
    const props = isObject(s.properties) ? s.properties : {};
    const required = new Set(Array.isArray(s.required) ? (s.required as string[]).map(String) : []);
    let names = Object.keys(props);
    if (o.mode === 'output' && names.length > o.maxProps) {
      names = names.map((n, i) => ({ n, i, r: rank(n, props[n], required) })).sort((a, b) => a.r - b.r || a.i - b.i).slice(0, o.maxProps).sort((a, b) => a.i - b.i).map((x) => x.n);
    }
    const kept: Record<string, Schema> = {};
    for (const name of names) {
      const child = trimSchema(props[name], o, level + 1, hops + 1);
      if (child !== undefined) kept[name] = child;
    }
    if (Object.keys(kept).length) out.properties = kept;
    // Output `required` lists are left out: documents promise fields real answers omit (GitHub's
    // examples do), and the output is a description for a model, not a contract to enforce.
    const req = [...required].filter((r) => r in kept);
    if (req.length && o.mode === 'input') out.required = req;
    if (o.mode === 'input') {
      if (s.additionalProperties === false) out.additionalProperties = false;
      else if (isObject(s.additionalProperties)) out.additionalProperties = trimSchema(s.additionalProperties, { ...o, descMax: 0 }, level + 1, hops + 1) ?? {};
    } else if (!Object.keys(kept).length && Object.keys(props).length) {
      return undefined; // every field was cut: an empty object would only mislead
    }
  }
  if (arrayLike) {
    const items = trimSchema(s.items, o, level, hops + 1);
    if (items === undefined) return undefined;
    if (Object.keys(items).length) out.items = items;
  }
  scalarKeywords(s, out, o.mode);
  return withNull(out, nullable);
}
