import { describe, expect, it } from 'vitest';
import { chunk, toUidSet } from './imap.uid-set.js';

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

describe('chunk', () => {
  it('splits into pieces of at most the given size, the last one shorter', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('refuses a size below one instead of looping forever', () => {
    expect(() => chunk([1], 0)).toThrow(RangeError);
  });
});
