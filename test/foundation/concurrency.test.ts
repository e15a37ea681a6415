/** The shared wait helpers: a bounded fan-out keeps order and its bound; a wait within a deadline. */
import { describe, expect, it } from 'vitest';
import { mapLimit, within } from '../../core/concurrency.ts';

describe('mapLimit', () => {
  it('keeps the order of its items and never runs more than n at once', async () => {
    let open = 0;
    let most = 0;
    const out = await mapLimit([1, 2, 3, 4, 5], 2, async (n) => {
      open++;
      most = Math.max(most, open);
      await Promise.resolve();
      open--;
      return n * 10;
    });
    expect(out).toEqual([10, 20, 30, 40, 50]);
    expect(most).toBe(2);
  });
});

describe('within', () => {
  it('gives the value of work that settles first', async () => {
    expect(await within(Promise.resolve(7), 60_000)).toEqual({ done: true, value: 7 });
  });

  it('gives done: false when the deadline comes first, leaving the work to go on', async () => {
    expect(await within(new Promise<never>(() => undefined), 0)).toEqual({ done: false });
  });
});
