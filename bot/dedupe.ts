/**
 * THE dedupe memory of sagebot: recently seen event ids, bounded in size and in time, so a delivery that comes
 * again does its work once. The bot keeps one for messages (a repeat is ignored) and one for actions (a repeat
 * gets the first one's answer); adapters only make sure a redelivery carries the same `eventId` (Slack's
 * retries keep `event_id`, one Slack message may arrive as `app_mention` and `message.im`, Bot Framework
 * retries keep the activity id). Check-and-set is one synchronous call, so two concurrent deliveries of the
 * same key cannot both pass. In memory only: after a restart the server-side flow state keeps postings exactly
 * once.
 */
export interface RecentOptions {
  /** At most this many keys; the oldest are dropped first. */
  max?: number;
  /** How long a key is remembered (Slack's last retry comes about 5 minutes after the first delivery). */
  ttlMs?: number;
  now?: () => number;
}

export interface Recent<T> {
  get(key: string): T | undefined;
  set(key: string, value: T): void;
  /** True the first time `key` is offered within the TTL (and remembers it); false for a repeat. */
  firstTime(key: string, value: T): boolean;
  readonly size: number;
}

export function createRecent<T>(o: RecentOptions = {}): Recent<T> {
  const max = o.max ?? 2000;
  const ttlMs = o.ttlMs ?? 15 * 60_000;
  const now = o.now ?? Date.now;
  const map = new Map<string, { at: number; value: T }>();
  /** Map iteration order is insertion order, so expired and surplus keys are at the front. */
  const evict = (t: number) => {
    for (const [key, e] of map) {
      if (t - e.at < ttlMs && map.size <= max) break;
      map.delete(key);
    }
  };
  const get = (key: string) => {
    const t = now();
    evict(t);
    return map.get(key)?.value;
  };
  const set = (key: string, value: T) => {
    map.delete(key);
    map.set(key, { at: now(), value });
    evict(now());
  };
  return {
    get,
    set,
    firstTime(key, value) {
      if (get(key) !== undefined) return false;
      set(key, value);
      return true;
    },
    get size() {
      return map.size;
    },
  };
}
