import { invalidFields, type FieldViolation } from '../errors/domain-error.js';
import { DEFAULT_TEXT_LIMIT, MAX_LIST_ITEMS, MAX_OPAQUE_KEYS, OPAQUE_KEY_LIMIT, OPAQUE_VALUE_LIMITS, textLimitOf } from './text-limits.js';
import { characterProblem, NO_NUL, NUL, printableKey } from './control-characters.js';

// Protobuf-es names fields in camelCase; errors name them as the wire does.
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
const join = (path: string, name: string) => (path ? `${path}.${name}` : name);
const tooLong = (field: string, max: number): FieldViolation => ({ field, description: `must be at most ${max} characters` });

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);
const isOneof = (v: Record<string, unknown>): v is { case: string; value: unknown } =>
  typeof v.case === 'string' && 'value' in v && Object.keys(v).length === 2;

/** JSON inside a request (api_config …) nests at most this deep. */
const MAX_OPAQUE_DEPTH = 32;

/** The caller's own keys (a map, a JSON object): every string value bounded by `max`. */
function walkOpaque(value: unknown, path: string, max: number, out: FieldViolation[], depth = 0): void {
  if (depth > MAX_OPAQUE_DEPTH) return void out.push({ field: path, description: `must not nest more than ${MAX_OPAQUE_DEPTH} levels deep` });
  if (typeof value === 'string') {
    if (value.length > max) out.push(tooLong(path, max));
    if (value.includes(NUL)) out.push({ field: path, description: NO_NUL });
  } else if (Array.isArray(value)) {
    if (value.length > MAX_LIST_ITEMS) out.push({ field: path, description: `must have at most ${MAX_LIST_ITEMS} items` });
    else value.forEach((v, i) => walkOpaque(v, `${path}[${i}]`, max, out, depth + 1));
  } else if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length > MAX_OPAQUE_KEYS) return void out.push({ field: path, description: `must have at most ${MAX_OPAQUE_KEYS} keys` });
    for (const k of keys) {
      if (k.length > OPAQUE_KEY_LIMIT) out.push({ field: `${path}.${printableKey(k)}…`, description: `key must be at most ${OPAQUE_KEY_LIMIT} characters` });
      else if (k.includes(NUL)) out.push({ field: `${path}.${printableKey(k)}`, description: `key ${NO_NUL}` });
      else walkOpaque(value[k], `${path}.${k}`, max, out, depth + 1);
    }
  }
}

function walk(value: unknown, path: string, name: string, out: FieldViolation[]): void {
  if (typeof value === 'string') {
    const max = textLimitOf(name);
    if (value.length > max) out.push(tooLong(path, max));
    const problem = characterProblem(name, value);
    if (problem) out.push({ field: path, description: problem });
  } else if (Array.isArray(value)) {
    if (value.length > MAX_LIST_ITEMS) out.push({ field: path, description: `must have at most ${MAX_LIST_ITEMS} items` });
    else value.forEach((v, i) => walk(v, `${path}[${i}]`, name, out));
  } else if (isPlainObject(value)) {
    // A oneof ({case: 'oauthToken', value}) is named on the wire by its case, not by the oneof.
    if (isOneof(value)) return walk(value.value, join(path.split('.').slice(0, -1).join('.'), snake(value.case)), snake(value.case), out);
    // Inside a message, an object without `$typeName` is a map or a google.protobuf.Struct (params,
    // custom_attributes …): its keys are the caller's, not field names, and it may nest deeply.
    if (name in OPAQUE_VALUE_LIMITS || (path && !('$typeName' in value))) return walkOpaque(value, path, OPAQUE_VALUE_LIMITS[name] ?? DEFAULT_TEXT_LIMIT, out);
    for (const [k, v] of Object.entries(value)) {
      if (k.startsWith('$')) continue; // protobuf-es bookkeeping ($typeName, $unknown)
      // Field names never hold NUL; the keys of a protobuf map (or a query parameter's name) can.
      if (k.includes(NUL)) out.push({ field: join(path, printableKey(k)), description: `key ${NO_NUL}` });
      else walk(v, join(path, snake(k)), snake(k), out);
    }
  }
}

/**
 * Every string in a request that is longer than its limit (see text-limits.ts) or carries a
 * character its field refuses (see control-characters.ts), named by wire path.
 */
export function inputLimitViolations(input: unknown): FieldViolation[] {
  const out: FieldViolation[] = [];
  walk(input, '', '', out);
  return out;
}

/** invalid_argument naming each over-long field and its limit, and each field with a refused character. */
export function checkInputLimits(input: unknown): void {
  const v = inputLimitViolations(input);
  if (v.length) throw invalidFields(v.slice(0, 20));
}

/** One field's length, for domain functions callable without a transport (CLI, other modules). */
export function checkTextLength(field: string, value: string | undefined, max = textLimitOf(field.split('.').pop()!)): void {
  if (value !== undefined && value.length > max) throw invalidFields([tooLong(field, max)]);
}
