import { randomBytes, randomFillSync } from 'node:crypto';

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

/** Random bytes drawn 10 at a time from a refilled pool: one randomBytes call per id cost more than the rest of newId. */
const pool = Buffer.alloc(4000);
let poolAt = pool.length;
const time = Buffer.alloc(8);

function random10(): Buffer {
  if (poolAt + 10 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  poolAt += 10;
  return pool.subarray(poolAt - 10, poolAt);
}

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
  // Doubling an integer below 2^53 is exact, and so are its 32-bit halves.
  const value = (now * 4096 + (seq & 4095)) * 2;
  time.writeUInt32BE(Math.floor(value / 0x1_0000_0000), 0);
  time.writeUInt32BE(value % 0x1_0000_0000, 4);
  return `${prefix}_${encode(time.subarray(1), 11)}${encode(random10(), 16)}`;
}

/** An unguessable opaque token (links, secrets): 32 random bytes, base64url. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
