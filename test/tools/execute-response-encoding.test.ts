import { describe, expect, it } from 'vitest';
import { create, fromBinary, toBinary, type JsonObject, type JsonValue } from '@bufbuild/protobuf';
import { ExecuteToolResponseSchema } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/tools/tools_pb.js';
import { responseEncoderOf } from '../../src/transport/rpc/response-encoders.js';

const direct = responseEncoderOf(ExecuteToolResponseSchema)!;
/** The message bytes (after the 5 bytes of headroom the encoder leaves for the gRPC frame header). */
const encode = (out: unknown) => direct(out, 5)?.subarray(5);
const reference = (out: { data?: JsonObject; executionId?: string }) => toBinary(ExecuteToolResponseSchema, create(ExecuteToolResponseSchema, out));

/** A deterministic pseudo-random JSON value (xorshift), so a failure replays. */
function randomJson(seed: number): JsonObject {
  let x = Math.imul(seed, 2654435761) | 1;
  const next = () => ((x ^= x << 13), (x ^= x >>> 17), (x ^= x << 5), (x >>> 0) / 2 ** 32);
  for (let i = 0; i < 8; i++) next(); // the first outputs of a small seed are small
  const str = () => ['', 'a', 'é', '日本', '😀', 'k"\\\n', 'x'.repeat(200), 'lone \ud800 surrogate', 'y'.repeat(300)][Math.floor(next() * 9)];
  const value = (depth: number): JsonValue => {
    const r = next();
    if (depth > 4 || r < 0.15) return null;
    if (r < 0.3) return next() < 0.5;
    if (r < 0.5) return [0, 1, -1, 0.5, 1e300, -(2 ** 53), 123456789.123][Math.floor(next() * 7)];
    if (r < 0.7) return str();
    if (r < 0.85) return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1));
    return object(depth + 1);
  };
  const object = (depth: number): JsonObject => Object.fromEntries(Array.from({ length: Math.floor(next() * 5) }, (_, i) => [`${str()}${i}`, value(depth)]));
  return object(0);
}

describe('ExecuteToolResponse direct encoding', () => {
  it('writes the same bytes as protobuf-es for a tool output', () => {
    const out = { data: { full_name: 'octo-org/hello-world', stars: 80, private: false, topics: ['octocat', 'api'], owner: { login: 'octo-org', id: 1 }, license: null, readme: 'z'.repeat(40_000) }, executionId: 'exe_1' };
    expect(Buffer.from(encode(out)!)).toEqual(Buffer.from(reference(out)));
  });

  it('matches protobuf-es on 500 generated outputs, and they decode back to the same data', () => {
    let nested = 0;
    for (let seed = 1; seed <= 500; seed++) {
      const out = { data: randomJson(seed), executionId: `exe_${seed}` };
      const bytes = encode(out)!;
      expect(Buffer.from(bytes).equals(Buffer.from(reference(out))), `seed ${seed}`).toBe(true);
      // A lone surrogate travels as U+FFFD (as protobuf-es writes it too), so only the others read back equal.
      if (!JSON.stringify(out.data).includes('\\ud800')) expect(fromBinary(ExecuteToolResponseSchema, bytes).data).toEqual(out.data);
      if (Object.values(out.data).some((v) => v !== null && typeof v === 'object')) nested++;
    }
    expect(nested).toBeGreaterThan(150); // the generator does produce nested outputs
  });

  it('writes an empty data object as present, and leaves out what proto3 leaves out', () => {
    for (const out of [{ data: {}, executionId: 'exe_1' }, { executionId: '' }, { data: {} }, {}]) {
      expect(Buffer.from(encode(out)!)).toEqual(Buffer.from(reference(out)));
    }
  });

  it('leaves to protobuf-es what is not a plain output: a message, other fields, non-JSON values, very deep data', () => {
    expect(encode(create(ExecuteToolResponseSchema, { executionId: 'exe_1' }))).toBeUndefined();
    expect(encode({ data: {}, executionId: 'exe_1', extra: 1 })).toBeUndefined();
    expect(encode({ data: [1], executionId: 'exe_1' })).toBeUndefined();
    expect(encode({ data: { f: () => 1 }, executionId: 'exe_1' })).toBeUndefined();
    expect(encode({ data: { u: undefined }, executionId: 'exe_1' })).toBeUndefined();
    expect(encode({ data: {}, executionId: 7 })).toBeUndefined();
    let deep: JsonObject = { leaf: 1 };
    for (let i = 0; i < 200; i++) deep = { d: deep };
    expect(encode({ data: deep, executionId: 'exe_1' })).toBeUndefined();
  });
});
