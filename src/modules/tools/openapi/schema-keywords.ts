import type { Schema } from './openapi-types.js';

/** The validation keywords of a plain value kept for a model, each only in a form every validator compiles. */

/** Formats every validator here knows (ajv-formats); OpenAPI's own (int32, binary…) are dropped. */
const FORMATS = new Set(['date-time', 'date', 'time', 'duration', 'email', 'hostname', 'ipv4', 'ipv6', 'uri', 'uri-reference', 'uuid', 'regex']);
const BOUNDS = ['minimum', 'maximum'];
const COUNTS = ['minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties'];
/** A value kept in a schema must be plain JSON (a `$ref` resolved into an example could make it circular). */
const jsonSafe = (v: unknown, maxChars = Infinity): boolean => {
  try {
    return JSON.stringify(v).length <= maxChars;
  } catch {
    return false;
  }
};

/** Copies the keywords of `s` that constrain a plain value (enum, bounds, lengths, pattern…) onto `out`. */
export function scalarKeywords(s: Schema, out: Schema, mode: 'input' | 'output'): void {
  if (Array.isArray(s.enum) && s.enum.length <= 100 && jsonSafe(s.enum, 4096)) out.enum = s.enum;
  if (s.const !== undefined && jsonSafe(s.const, 1024)) out.const = s.const;
  if (typeof s.format === 'string' && FORMATS.has(s.format)) out.format = s.format;
  for (const k of BOUNDS) if (typeof s[k] === 'number' && Number.isFinite(s[k])) out[k] = s[k];
  // Counts must be non-negative integers and multipleOf positive, or the schema does not compile.
  for (const k of COUNTS) if (Number.isInteger(s[k]) && (s[k] as number) >= 0) out[k] = s[k];
  if (typeof s.multipleOf === 'number' && s.multipleOf > 0 && Number.isFinite(s.multipleOf)) out.multipleOf = s.multipleOf;
  // OpenAPI 3.0 spells exclusive bounds as booleans beside minimum/maximum (draft 4).
  if (s.exclusiveMinimum === true && typeof s.minimum === 'number') { out.exclusiveMinimum = s.minimum; delete out.minimum; }
  else if (typeof s.exclusiveMinimum === 'number') out.exclusiveMinimum = s.exclusiveMinimum;
  if (s.exclusiveMaximum === true && typeof s.maximum === 'number') { out.exclusiveMaximum = s.maximum; delete out.maximum; }
  else if (typeof s.exclusiveMaximum === 'number') out.exclusiveMaximum = s.exclusiveMaximum;
  if (typeof s.pattern === 'string' && s.pattern.length <= 200) {
    try { new RegExp(s.pattern, 'u'); out.pattern = s.pattern; } catch { /* a pattern ajv cannot run is dropped */ }
  }
  if (mode === 'input' && s.default !== undefined && jsonSafe(s.default, 100)) out.default = s.default;
  if (typeof s.uniqueItems === 'boolean' && s.uniqueItems) out.uniqueItems = true;
}
