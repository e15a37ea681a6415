/**
 * Background work (posting, syncing, re-checking) started after an action has been answered. Every task's
 * errors are caught and logged here, never left as unhandled rejections; `idle()` waits for all of them.
 */
import type { Logger } from '../core/logger.ts';

export interface TaskRunner {
  spawn(name: string, task: () => Promise<void>): void;
  idle(): Promise<void>;
  readonly size: number;
}

export function createTaskRunner(logger: Logger): TaskRunner {
  const running = new Set<Promise<void>>();
  return {
    spawn(name, task) {
      const p: Promise<void> = Promise.resolve()
        .then(task)
        .catch((err: unknown) => logger.error({ err, task: name }, 'background task failed'))
        .finally(() => running.delete(p));
      running.add(p);
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    get size() {
      return running.size;
    },
  };
}
