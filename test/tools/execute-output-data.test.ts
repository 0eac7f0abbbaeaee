import { describe, expect, it } from 'vitest';
import { outputData } from '../../src/modules/tools/execute/output-data.js';

const roundTrip = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

describe('outputData', () => {
  it('keeps a plain JSON object as it is (no copy needed)', () => {
    const out = { id: 'r1', n: 3, ok: true, none: null, tags: ['a', 'b'], nested: { deep: [{ x: 1 }] } };
    expect(outputData(out)).toBe(out);
  });

  it('gives what a JSON round trip gives for anything else', () => {
    class Row {
      constructor(readonly id = 'r1') {}
    }
    const cases: unknown[] = [
      { a: undefined, b: 1 },
      { when: new Date('2024-01-02T03:04:05Z') },
      { n: NaN, i: Infinity, z: -0 },
      { list: [1, undefined, () => 1] },
      // eslint-disable-next-line no-sparse-arrays
      { holes: [1, , 3] },
      { row: new Row() },
      { custom: { toJSON: () => 'custom' } },
      Object.assign(Object.create({ inherited: 1 }), { own: 2 }),
    ];
    for (const c of cases) expect(outputData(c)).toEqual(roundTrip(c));
  });

  it('wraps what is not an object, and answers {} for no output', () => {
    expect(outputData(undefined)).toEqual({});
    expect(outputData(null)).toEqual({});
    expect(outputData([1, 2])).toEqual({ result: [1, 2] });
    expect(outputData('text')).toEqual({ result: 'text' });
    expect(outputData(-0)).toEqual({ result: 0 });
  });

  it('still refuses a cycle, as JSON does', () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    expect(() => outputData(a)).toThrow(/circular/i);
  });
});
