import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lowercase

function encode(bytes: Buffer, length: number): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

let lastMs = 0;
let seq = 0;

/**
 * Time-ordered ids (`org_01hx…`): ordering by id is ordering by creation, which makes
 * keyset pagination a plain `id > cursor`. A per-process sequence keeps ids created in
 * the same millisecond ordered.
 */
export function newId(prefix: string): string {
  const now = Date.now();
  seq = now === lastMs ? seq + 1 : 0;
  lastMs = now;
  // 11 base32 characters carry 55 bits: the value (ms × 4096 + sequence, < 2^53 until the year 2248)
  // is shifted left once so its lowest bit, the sequence's parity, is among them (it used to be cut).
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE((BigInt(now) * 4096n + BigInt(seq & 4095)) << 1n);
  return `${prefix}_${encode(time.subarray(1), 11)}${encode(randomBytes(10), 16)}`;
}

/** An unguessable opaque token (links, secrets): 32 random bytes, base64url. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
