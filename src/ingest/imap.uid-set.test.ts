import { describe, expect, it } from 'vitest';
import { chunkByBytes, toUidSet } from './imap.uid-set.js';

describe('toUidSet', () => {
  it('joins consecutive uids into ranges and keeps gaps left by expunges', () => {
    expect(toUidSet([1, 2, 3, 5, 7, 8])).toBe('1:3,5,7:8');
  });

  it('sorts and de-duplicates before compressing', () => {
    expect(toUidSet([9, 4, 4, 5])).toBe('4:5,9');
  });

  it('returns an empty string for no uids', () => {
    expect(toUidSet([])).toBe('');
  });
});

describe('chunkByBytes', () => {
  const size = (n: number): number => n;

  it('splits into pieces of at most the given count, the last one shorter', () => {
    expect(chunkByBytes([1, 2, 3, 4, 5], 2, Number.POSITIVE_INFINITY, size)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('closes a piece before the bytes would pass the budget, in order', () => {
    expect(chunkByBytes([3, 3, 3, 1, 1, 5], 10, 6, size)).toEqual([[3, 3], [3, 1, 1], [5]]);
  });

  it('gives an item over the budget a piece of its own', () => {
    expect(chunkByBytes([1, 20, 1], 10, 6, size)).toEqual([[1], [20], [1]]);
  });

  it('counts items that weigh nothing (too large to download) only against the count', () => {
    expect(chunkByBytes([0, 0, 0, 0], 3, 1, size)).toEqual([[0, 0, 0], [0]]);
  });

  it('refuses a count below one or a budget of nothing instead of looping forever', () => {
    expect(() => chunkByBytes([1], 0, 10, size)).toThrow(RangeError);
    expect(() => chunkByBytes([1], 1, 0, size)).toThrow(RangeError);
  });
});
