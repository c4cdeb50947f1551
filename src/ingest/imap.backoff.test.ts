import { describe, expect, it } from 'vitest';
import { backoffDelay } from './imap.backoff.js';

const policy = { initialMs: 100, maxMs: 5_000 };

describe('backoffDelay', () => {
  it('doubles with every attempt', () => {
    expect(backoffDelay(0, policy, 1)).toBe(100);
    expect(backoffDelay(1, policy, 1)).toBe(200);
    expect(backoffDelay(3, policy, 1)).toBe(800);
  });

  it('never exceeds maxMs, however many attempts failed', () => {
    expect(backoffDelay(50, policy, 1)).toBe(5_000);
  });

  it('jitters between half and the full delay', () => {
    expect(backoffDelay(2, policy, 0)).toBe(200);
    expect(backoffDelay(2, policy, 0.5)).toBe(300);
  });
});
