import type { JsonObject } from '@bufbuild/protobuf';

/** Deeper than this the JSON round trip decides (and throws on a cycle, as it always did). */
const MAX_PLAIN_DEPTH = 64;

/**
 * Whether `v` already is what a JSON round trip would give back: strings, booleans, null, finite
 * numbers (not -0), dense arrays and plain objects of those, with no undefined and no toJSON.
 * Tools' shaped outputs nearly always are, and checking costs a fraction of the round trip.
 */
function isPlainJson(v: unknown, depth: number): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (typeof v !== 'object' || depth > MAX_PLAIN_DEPTH) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!(i in v) || !isPlainJson(v[i], depth + 1)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(v);
  if ((proto !== Object.prototype && proto !== null) || 'toJSON' in v) return false;
  for (const key in v) {
    if (!Object.prototype.hasOwnProperty.call(v, key) || !isPlainJson((v as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

/**
 * ExecuteToolResponse.data is a Struct, so always an object: a tool's object as it is, no output
 * as `{}`, and anything else (a list, a string) as `{"result": …}`. Round-tripped through JSON
 * (unless already plain JSON) so undefined fields vanish and dates become strings, as they would
 * on the REST wire.
 */
export function outputData(output: unknown): JsonObject {
  if (output === undefined || output === null) return {};
  const json = (isPlainJson(output, 0) ? output : JSON.parse(JSON.stringify(output))) as unknown;
  return json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as JsonObject) : { result: json as JsonObject[string] };
}
