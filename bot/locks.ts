/**
 * A mutex per key (per flow): clicks on the same card are handled one after another in this process, so the
 * read-check-transition of a flow is never interleaved. The persisted compare-and-set in storage/flows.ts is
 * the second guard.
 */
export interface KeyedMutex {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

export function createKeyedMutex(): KeyedMutex {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(key, task) {
      const prev = tails.get(key) ?? Promise.resolve();
      const next = prev.then(task, task);
      const tail = next.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return next;
    },
  };
}
