import { describe, expect, it } from 'vitest';
import { newId } from '../../src/storage/ids.js';

describe('newId', () => {
  it('orders ids made in the same millisecond by creation (keyset paging relies on it)', () => {
    // Thousands in a tight loop: many share a millisecond, so the sequence decides their order.
    const ids = Array.from({ length: 5000 }, () => newId('x'));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps the id shape: prefix, 11 time characters, 16 random ones, Crockford base32', () => {
    expect(newId('org')).toMatch(/^org_[0-9a-hjkmnp-tv-z]{27}$/);
  });
});
