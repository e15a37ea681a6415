/**
 * Bounded fan-out for chunked look-ups and writes (Manage answers 429 when too many requests run at once), and a
 * wait bounded by a deadline (the bot's click deadline, the Teams message turn).
 */

/** Run `fn` over `items` with at most `n` in flight, keeping order. */
export async function mapLimit<T, R>(items: readonly T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}

/** `work`'s value if it settles within `ms`, else `{ done: false }` (the work goes on; nothing cancels it). */
export type Timed<T> = { done: true; value: T } | { done: false };

export function within<T>(work: Promise<T>, ms: number): Promise<Timed<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Timed<T>>((resolve) => {
    timer = setTimeout(() => resolve({ done: false }), ms);
  });
  return Promise.race([work.then((value) => ({ done: true as const, value })), timeout]).finally(() =>
    clearTimeout(timer),
  );
}
