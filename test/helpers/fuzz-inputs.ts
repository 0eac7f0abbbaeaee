import { ScalarType, type DescField, type DescMessage } from '@bufbuild/protobuf';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';

/** mulberry32: a tiny seeded PRNG, so a failing fuzz run can be replayed from its seed. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  bytes(n: number): Uint8Array {
    return Uint8Array.from({ length: n }, () => this.int(256));
  }
}

const NASTY_STRINGS = [
  '', ' ', '\u0000', 'org_\u0000', 'a\u0000b', '\u0000'.repeat(3), '\t\n\r\u001f\u007f', '%', '%ff', '%00', '../../etc/passwd', "' OR 1=1 --", '"; drop table organizations; --', '<script>alert(1)</script>',
  '\ud800', '😀'.repeat(3), 'NaN', 'null', 'true', '-1', '1e309', '0x10', '\r\nx-injected: 1', '{{template}}', '${env}', 'org_', 'conn_0',
  '2020-13-45T25:61:61Z', '9999-12-31T23:59:59Z', 'a'.repeat(256), '\\', '/', '?', '#', '%2f', '*', '  padded  ',
];

/** A short odd string, or (rarely) a huge one. */
export function junkString(r: Rng): string {
  if (r.chance(0.03)) return r.pick(['x', 'é', '0']).repeat(20_000 + r.int(150_000));
  if (r.chance(0.5)) return r.pick(NASTY_STRINGS);
  return Array.from({ length: r.int(24) }, () => String.fromCharCode(r.chance(0.8) ? 32 + r.int(95) : r.int(0x3000))).join('');
}

/** Any JSON value, nesting up to `depth` (sometimes far deeper, as a chain). */
export function junkJson(r: Rng, depth = 3): unknown {
  if (depth > 0 && r.chance(0.03)) {
    let v: unknown = 1;
    for (let i = 0, n = 50 + r.int(3000); i < n; i++) v = r.chance(0.5) ? [v] : { a: v };
    return v;
  }
  switch (r.int(depth > 0 ? 9 : 6)) {
    case 0: return null;
    case 1: return r.chance(0.5);
    case 2: return r.pick([0, -1, 1.5, 2 ** 53 + 1, -(2 ** 63), 1e308, 4294967296]);
    case 3: return junkString(r);
    case 4: return r.int(100);
    case 5: return '';
    case 6: return Array.from({ length: r.int(5) }, () => junkJson(r, depth - 1));
    default: return Object.fromEntries(Array.from({ length: r.int(5) }, () => [junkString(r).slice(0, 40), junkJson(r, depth - 1)]));
  }
}

function scalarValue(r: Rng, field: DescField & { scalar: ScalarType }): unknown {
  if (r.chance(0.35)) return junkJson(r, 1); // wrong type, most of the time
  switch (field.scalar) {
    case ScalarType.STRING: return junkString(r);
    case ScalarType.BOOL: return r.chance(0.5);
    case ScalarType.BYTES: return r.pick(['!!notbase64', Buffer.from(r.bytes(8)).toString('base64')]);
    default: return r.pick([0, -1, 2147483648, '12', '1e3', 18446744073709551616, 1.25, r.int(1000)]);
  }
}

function wellKnownValue(r: Rng, msg: DescMessage): unknown {
  if (msg.typeName === 'google.protobuf.Timestamp') return r.pick(['2024-01-01T00:00:00Z', '2024-02-30T00:00:00Z', 'yesterday', 0, '10000-01-01T00:00:00Z']);
  if (msg.typeName === 'google.protobuf.Duration') return r.pick(['1s', '-5s', '1.5', 'forever', 315576000001]);
  if (msg.typeName === 'google.protobuf.FieldMask') return r.pick(['display_name', 'a..b', 'x,,y', 3]);
  if (msg.typeName === 'google.protobuf.Any') return r.pick([{ '@type': 'type.googleapis.com/nope.Nope' }, { '@type': 42 }, {}]);
  if (msg.typeName.endsWith('Value')) return junkJson(r, 2);
  return junkJson(r, 2);
}

/**
 * A JSON request shaped like `msg` with fields that are wrong in some way: bad types, odd
 * strings, unknown enum names, bad timestamps, unknown fields. `names` picks proto (REST) or
 * JSON (Connect) field names.
 */
export function fuzzMessageJson(r: Rng, msg: DescMessage, names: 'proto' | 'json', depth = 3): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of msg.fields) {
    if (!r.chance(0.6)) continue;
    const key = names === 'proto' ? field.name : field.jsonName;
    out[key] = fieldValue(r, field, names, depth);
  }
  if (r.chance(0.1)) out[junkString(r).slice(0, 30) || 'unknown_field'] = junkJson(r, 1);
  return out;
}

function fieldValue(r: Rng, field: DescField, names: 'proto' | 'json', depth: number): unknown {
  const one = (): unknown => {
    if (field.fieldKind === 'enum' || (field.fieldKind === 'list' && field.listKind === 'enum')) {
      const e = field.enum!;
      return r.pick([r.pick(e.values).name, 'NOT_A_VALUE', 999, -1, r.pick(e.values).number, '']);
    }
    if (field.fieldKind === 'message' || (field.fieldKind === 'list' && field.listKind === 'message')) {
      const m = field.message!;
      if (m.typeName.startsWith('google.protobuf.')) return wellKnownValue(r, m);
      return depth > 0 && r.chance(0.8) ? fuzzMessageJson(r, m, names, depth - 1) : junkJson(r, 1);
    }
    if (field.fieldKind === 'scalar' || (field.fieldKind === 'list' && field.listKind === 'scalar')) return scalarValue(r, field as DescField & { scalar: ScalarType });
    return junkJson(r, 1);
  };
  if (field.fieldKind === 'list') return r.chance(0.8) ? Array.from({ length: r.int(4) }, one) : one();
  if (field.fieldKind === 'map') return r.chance(0.8) ? Object.fromEntries(Array.from({ length: r.int(3) }, () => [junkString(r).slice(0, 20), junkJson(r, 1)])) : junkJson(r, 1);
  return one();
}

/** `msg` with every string field (one level of nesting too), and every map's key and value, set to `value`. */
export function everyStringJson(msg: DescMessage, names: 'proto' | 'json', value: string, depth = 1): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of msg.fields) {
    const key = names === 'proto' ? field.name : field.jsonName;
    if (field.fieldKind === 'scalar' && field.scalar === ScalarType.STRING) out[key] = value;
    else if (field.fieldKind === 'list' && field.listKind === 'scalar' && field.scalar === ScalarType.STRING) out[key] = [value];
    else if (field.fieldKind === 'map' && field.mapKey === ScalarType.STRING && field.mapKind === 'scalar' && field.scalar === ScalarType.STRING) out[key] = { [value.slice(0, 20)]: value };
    else if (field.fieldKind === 'message' && depth > 0 && !field.message.typeName.startsWith('google.protobuf.')) out[key] = everyStringJson(field.message, names, value, depth - 1);
  }
  return out;
}

/** `msg` with every string field set to one long string: search and filter inputs. */
export const longStringsJson = (r: Rng, msg: DescMessage, names: 'proto' | 'json'): Record<string, unknown> =>
  everyStringJson(msg, names, 'q'.repeat(r.pick([300, 1025, 5000, 100_000])));

/** A string PostgreSQL refuses in `text` (it holds NUL), shaped like an id so it passes other checks. */
export const NUL_STRING = 'org_\u0000x';
/** The same, percent-encoded for a path segment or query value. */
export const NUL_PARAM = 'org_%00x';

/** Protobuf bytes that are wrong: random, truncated, bad wire types, invalid UTF-8 in string fields. */
export function junkProtobuf(r: Rng, msg: DescMessage): Uint8Array {
  const w = new BinaryWriter();
  switch (r.int(4)) {
    case 0: return r.bytes(r.int(64));
    case 1: return Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, ...r.bytes(r.int(4))]);
    case 2:
      for (const field of msg.fields) if (r.chance(0.5)) w.tag(field.number, r.pick([WireType.Varint, WireType.Bit64, WireType.LengthDelimited, WireType.Bit32, WireType.StartGroup])).raw(r.bytes(r.int(9)));
      return w.finish();
    default:
      for (const field of msg.fields) if (field.fieldKind === 'scalar' && field.scalar === ScalarType.STRING) w.tag(field.number, WireType.LengthDelimited).bytes(Uint8Array.from([0x61, 0xc3, 0x28, 0xff]));
      {
        const bytes = w.finish();
        return bytes.length ? bytes : r.bytes(3);
      }
  }
}

/** encodeURIComponent that tolerates lone surrogates (the fuzzer makes them on purpose). */
export const encodeAny = (s: string): string => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd'));

/** A path segment value that is odd (already percent-encoded where it must be). */
export function junkPathParam(r: Rng): string {
  return r.pick([
    'org_1', 'x', '%ff', '%', '%00', NUL_PARAM, 'a%00', '%00%00', '%09%0a', '..', '%2e%2e%2f', '%E2%9C%93', 'a%20b', 'x'.repeat(5000), 'x'.repeat(20_000), encodeAny(junkString(r).slice(0, 200)) || 'y', '0', '-1', '%25',
  ]);
}
