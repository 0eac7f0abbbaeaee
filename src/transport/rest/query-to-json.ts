import { ScalarType, type DescField, type DescMessage } from '@bufbuild/protobuf';
import { invalidArgument } from '../../modules/errors/domain-error.js';

type Json = Record<string, unknown>;

function findField(msg: DescMessage, name: string): DescField | undefined {
  return msg.fields.find((f) => f.name === name || f.jsonName === name);
}

/** Converts one query-string value to the JSON form protobuf's JSON parser expects for `field`. */
function scalarJson(field: DescField, raw: string, path: string): unknown {
  if (field.fieldKind === 'enum' || (field.fieldKind === 'list' && field.listKind === 'enum')) {
    return /^-?\d+$/.test(raw) ? Number(raw) : raw;
  }
  const scalar = field.fieldKind === 'scalar' ? field.scalar : field.fieldKind === 'list' && field.listKind === 'scalar' ? field.scalar : undefined;
  if (scalar === ScalarType.BOOL) {
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    throw invalidArgument(path, `must be true or false (got '${raw}')`);
  }
  return raw;
}

/**
 * Query parameters → the request message's JSON. `filter.provider_type=CUSTOM` sets a nested
 * field; a repeated parameter gives an array. Unknown names are refused so typos surface.
 */
export function queryToJson(msg: DescMessage, query: URLSearchParams, into: Json): Json {
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    const parts = key.split('.');
    let desc: DescMessage = msg;
    let target: Json = into;
    for (let i = 0; i < parts.length; i++) {
      const field = findField(desc, parts[i]);
      const path = parts.slice(0, i + 1).join('.');
      if (!field) throw invalidArgument(path, 'is not a recognised query parameter');
      if (i < parts.length - 1) {
        if (field.fieldKind !== 'message') throw invalidArgument(path, 'has no nested fields');
        target = (target[field.name] ??= {}) as Json;
        desc = field.message;
        continue;
      }
      if (field.fieldKind === 'list') target[field.name] = values.flatMap((v) => v.split(',')).map((v) => scalarJson(field, v, path));
      else if (field.fieldKind === 'message' && field.message.typeName.startsWith('google.protobuf.') && field.message.typeName.endsWith('Value')) {
        // Wrapper types take their scalar's JSON directly.
        const inner = field.message.fields[0];
        target[field.name] = scalarJson(inner, values[values.length - 1], path);
      } else if (field.fieldKind === 'scalar' || field.fieldKind === 'enum' || field.message?.typeName === 'google.protobuf.Timestamp') {
        target[field.name] = scalarJson(field, values[values.length - 1], path);
      } else throw invalidArgument(path, 'cannot be set from the query string; send it in the request body');
    }
  }
  return into;
}

/** Sets `a.b.c` in a JSON object, creating intermediate objects. */
export function setPath(into: Json, path: string, value: unknown): void {
  const parts = path.split('.');
  let t = into;
  for (const p of parts.slice(0, -1)) t = (t[p] ??= {}) as Json;
  t[parts[parts.length - 1]] = value;
}
