import type { JsonObject, JsonValue } from '@bufbuild/protobuf';

/** As deep as protobuf-es's own JSON conversion goes; deeper values take its path (and its error). */
const MAX_DEPTH = 100;

/** A value the direct encoder does not take: the caller falls back to protobuf-es. */
export class NotPlainJson extends Error {}

/** Strings up to this length are measured and copied in JS when ASCII; longer ones natively. */
const SHORT = 64;

function isShortAscii(s: string): boolean {
  if (s.length > SHORT) return false;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

const varintLength = (n: number) => (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5);

/**
 * google.protobuf.Struct straight from a JSON object, byte for byte as protobuf-es's toBinary
 * writes it (map entries in the object's key order, key then value; every Value's oneof written),
 * without building Struct/Value messages: for a tool's output that conversion and protobuf-es's
 * forked writer cost more than the rest of the response. Two passes: `measure` records every
 * length (nested messages and strings, in writing order), `write` fills an exactly sized buffer.
 */
export class StructWriter {
  private readonly lengths: number[] = [];
  private at = 0;
  private buf: Buffer = Buffer.alloc(0);
  private pos = 0;

  /** The encoded size of a Struct's fields. */
  measureStruct(obj: JsonObject, depth = 0): number {
    if (depth > MAX_DEPTH) throw new NotPlainJson();
    let size = 0;
    for (const key of Object.keys(obj)) {
      const entrySlot = this.lengths.push(0) - 1;
      const keyLength = this.measureString(key);
      const valueSlot = this.lengths.push(0) - 1;
      const value = this.measureValue(obj[key], depth + 1);
      this.lengths[valueSlot] = value;
      const entry = 1 + varintLength(keyLength) + keyLength + 1 + varintLength(value) + value;
      this.lengths[entrySlot] = entry;
      size += 1 + varintLength(entry) + entry;
    }
    return size;
  }

  private measureString(s: string): number {
    const n = isShortAscii(s) ? s.length : Buffer.byteLength(s, 'utf8');
    this.lengths.push(n);
    return n;
  }

  private measureValue(v: JsonValue | undefined, depth: number): number {
    switch (typeof v) {
      case 'number':
        return 9;
      case 'string': {
        const n = this.measureString(v);
        return 1 + varintLength(n) + n;
      }
      case 'boolean':
        return 2;
      case 'object': {
        if (v === null) return 2;
        if (depth > MAX_DEPTH) throw new NotPlainJson();
        const slot = this.lengths.push(0) - 1;
        let inner = 0;
        if (Array.isArray(v)) {
          for (const item of v) {
            const itemSlot = this.lengths.push(0) - 1;
            const n = this.measureValue(item, depth + 1);
            this.lengths[itemSlot] = n;
            inner += 1 + varintLength(n) + n;
          }
        } else inner = this.measureStruct(v, depth + 1);
        this.lengths[slot] = inner;
        return 1 + varintLength(inner) + inner;
      }
      default:
        throw new NotPlainJson();
    }
  }

  /** Writes the Struct measured last into `buf` from `pos`; answers the position after it. */
  writeStruct(buf: Buffer, pos: number, obj: JsonObject): number {
    this.buf = buf;
    this.pos = pos;
    this.at = 0;
    this.struct(obj);
    return this.pos;
  }

  private struct(obj: JsonObject): void {
    for (const key of Object.keys(obj)) {
      this.byte(0x0a); // fields = 1, one map entry
      this.varint(this.lengths[this.at++]);
      this.byte(0x0a); // key = 1
      this.string(key);
      this.byte(0x12); // value = 2
      this.varint(this.lengths[this.at++]);
      this.value(obj[key]);
    }
  }

  private value(v: JsonValue | undefined): void {
    switch (typeof v) {
      case 'number':
        this.byte(0x11); // number_value = 2, 64-bit
        this.pos = this.buf.writeDoubleLE(v, this.pos);
        return;
      case 'string':
        this.byte(0x1a); // string_value = 3
        this.string(v);
        return;
      case 'boolean':
        this.byte(0x20); // bool_value = 4
        this.byte(v ? 1 : 0);
        return;
      default: {
        if (v === null) {
          this.byte(0x08); // null_value = 1, NULL_VALUE
          this.byte(0);
          return;
        }
        const list = Array.isArray(v);
        this.byte(list ? 0x32 : 0x2a); // list_value = 6, struct_value = 5
        this.varint(this.lengths[this.at++]);
        if (!list) return this.struct(v as JsonObject);
        for (const item of v as JsonValue[]) {
          this.byte(0x0a); // values = 1
          this.varint(this.lengths[this.at++]);
          this.value(item);
        }
      }
    }
  }

  private string(s: string): void {
    const n = this.lengths[this.at++];
    this.varint(n);
    if (n === s.length && n <= SHORT) {
      // ASCII (measured so): byte by byte beats a native call for keys and short values.
      for (let i = 0; i < n; i++) this.buf[this.pos++] = s.charCodeAt(i);
    } else this.pos += this.buf.write(s, this.pos, n, 'utf8');
  }

  private byte(b: number): void {
    this.buf[this.pos++] = b;
  }

  private varint(n: number): void {
    this.pos = writeVarint(this.buf, this.pos, n);
  }
}

/** Writes `n` (a non-negative 32-bit length) as a protobuf varint at `pos`; answers the position after it. */
export function writeVarint(buf: Buffer, pos: number, n: number): number {
  while (n > 0x7f) {
    buf[pos++] = (n & 0x7f) | 0x80;
    n >>>= 7;
  }
  buf[pos++] = n;
  return pos;
}

export { varintLength };
