import { describe, expect, it } from 'vitest';
import { mapWithLimit } from './concurrency.js';

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('mapWithLimit', () => {
  it('keeps the order of the items whatever order the calls finish in', async () => {
    const out = await mapWithLimit([30, 5, 20, 1, 10], 2, async (ms, i) => {
      await tick(ms);
      return `${i}:${ms}`;
    });
    expect(out).toEqual(['0:30', '1:5', '2:20', '3:1', '4:10']);
  });

  it('never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    await mapWithLimit(
      Array.from({ length: 20 }, (_, i) => i),
      3,
      async (i) => {
        running++;
        most = Math.max(most, running);
        await tick(i % 4);
        running--;
      },
    );
    expect(most).toBe(3);
  });

  it('rejects with the first failure, and accepts an empty list', async () => {
    await expect(
      mapWithLimit([1, 2, 3], 2, async (n) => {
        if (n === 2) throw new Error('two');
        return n;
      }),
    ).rejects.toThrow('two');
    expect(await mapWithLimit([], 4, async () => 1)).toEqual([]);
    await expect(mapWithLimit([1], 0, async (n) => n)).rejects.toThrow(RangeError);
  });
});
