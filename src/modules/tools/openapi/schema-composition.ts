import { isObject, type Schema } from './openapi-types.js';

/** How OpenAPI composes schemas (allOf, `T | null` unions, 3.0's nullable), folded into plain JSON Schema. */

const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);
/** The schema's JSON types; a type JSON Schema does not know (Swagger's `file`) is dropped. */
export const typesOf = (s: Schema): string[] => (Array.isArray(s.type) ? s.type : [s.type]).filter((t): t is string => typeof t === 'string' && JSON_TYPES.has(t));
export const isNullSchema = (s: unknown) => isObject(s) && ((s.type === 'null') || (Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === null));


/** allOf folded into one schema (properties and required unioned), the usual OpenAPI composition. */
export function flattenAllOf(s: Schema, guard = 0): Schema {
  if (!Array.isArray(s.allOf) || guard > 8) return s;
  const { allOf, ...rest } = s;
  const out: Schema = { ...rest };
  const props: Record<string, unknown> = { ...(isObject(rest.properties) ? rest.properties : {}) };
  const required = new Set<string>(Array.isArray(rest.required) ? (rest.required as string[]) : []);
  for (const part of allOf as unknown[]) {
    if (!isObject(part)) continue;
    const p = flattenAllOf(part, guard + 1);
    for (const [k, v] of Object.entries(p)) {
      if (k === 'properties' && isObject(v)) Object.assign(props, v);
      else if (k === 'required' && Array.isArray(v)) v.forEach((r) => required.add(String(r)));
      else if (!(k in out)) out[k] = v;
    }
  }
  if (Object.keys(props).length) out.properties = props;
  if (required.size) out.required = [...required];
  return out;
}

/** A oneOf/anyOf of one schema and null is that schema, nullable (`T | null` in most documents). */
export function collapseNullable(s: Schema): { schema: Schema; nullable: boolean } {
  const branches = (s.oneOf ?? s.anyOf) as unknown[] | undefined;
  if (!Array.isArray(branches)) return { schema: s, nullable: s.nullable === true };
  const real = branches.filter((b) => !isNullSchema(b));
  const nullable = s.nullable === true || real.length < branches.length;
  if (real.length !== 1 || !isObject(real[0])) return { schema: s, nullable };
  const { oneOf: _o, anyOf: _a, ...rest } = s;
  return { schema: { ...flattenAllOf(real[0]), ...rest, description: rest.description ?? real[0].description }, nullable };
}

/** The schema, also accepting null (type, union or enum, whichever it uses). */
export function withNull(out: Schema, nullable: boolean): Schema {
  if (!nullable) return out;
  if (Array.isArray(out.anyOf)) out.anyOf = [...out.anyOf, { type: 'null' }];
  else if (out.type !== undefined) out.type = [...new Set([...typesOf(out), 'null'])];
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out;
}
