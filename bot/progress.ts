/**
 * Throttled in-place updates of a progress card: the first update goes at once, later ones at most every
 * `intervalMs` (only the newest is sent) unless pushed as `immediate` (the first count of a posting, which a user
 * should see even when the posting is over before the next tick), and `finish` sends the final card after any
 * update in flight, so the results card is never overwritten by a late progress bar. Messenger errors are logged,
 * not thrown.
 */
import type { Logger } from '../core/logger.ts';
import type { OutgoingMessage } from './events.ts';

export interface ThrottledUpdater {
  /** Queue `message`; `immediate` sends it now (after whatever is in flight) instead of at the next tick. */
  push(message: OutgoingMessage, immediate?: boolean): void;
  /** Stop updating; send `message` (if any) after whatever is in flight. */
  finish(message?: OutgoingMessage): Promise<void>;
}

export function createThrottledUpdater(
  send: (message: OutgoingMessage) => Promise<void>,
  opts: { intervalMs: number; logger: Logger; now?: () => number },
): ThrottledUpdater {
  const now = opts.now ?? Date.now;
  let chain: Promise<void> = Promise.resolve();
  let lastSent = -Infinity;
  let pending: OutgoingMessage | undefined;
  let timer: NodeJS.Timeout | undefined;
  let finished = false;

  const enqueue = (message: OutgoingMessage) => {
    lastSent = now();
    chain = chain.then(() => send(message)).catch((err: unknown) => opts.logger.warn({ err }, 'card update failed'));
  };

  const flushPending = () => {
    timer = undefined;
    if (finished || !pending) return;
    const m = pending;
    pending = undefined;
    enqueue(m);
  };

  return {
    push(message, immediate = false) {
      if (finished) return;
      pending = message;
      if (immediate) {
        if (timer) clearTimeout(timer);
        flushPending();
        return;
      }
      if (timer) return;
      const wait = lastSent + opts.intervalMs - now();
      if (wait <= 0) flushPending();
      else {
        timer = setTimeout(flushPending, wait);
        timer.unref?.();
      }
    },
    async finish(message) {
      finished = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      pending = undefined;
      if (message) enqueue(message);
      await chain;
    },
  };
}
