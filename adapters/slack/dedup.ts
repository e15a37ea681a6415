/**
 * A bounded TTL set of keys already seen: Slack retries events (X-Slack-Retry-Num, same event_id) and may
 * deliver one message as both `app_mention` and `message`; a click can arrive twice. Check-and-set is one
 * synchronous call, so two concurrent deliveries of the same key cannot both pass.
 * In memory only: after a restart the bot's server-side flow state is what keeps postings exactly once.
 */

export interface DedupOptions {
  /** How long a key is remembered (Slack's last retry comes ~5 minutes after the first delivery). */
  ttlMs?: number;
  /** At most this many keys; the oldest are dropped first. */
  maxKeys?: number;
  now?: () => number;
}

export class SeenKeys {
  private readonly seen = new Map<string, number>();
  private readonly ttlMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(opts: DedupOptions = {}) {
    this.ttlMs = opts.ttlMs ?? 15 * 60_000;
    this.maxKeys = opts.maxKeys ?? 10_000;
    this.now = opts.now ?? Date.now;
  }

  /** True the first time `key` is offered within the TTL (and remembers it); false for a repeat. */
  firstTime(key: string): boolean {
    const now = this.now();
    this.evict(now);
    const at = this.seen.get(key);
    if (at !== undefined && now - at < this.ttlMs) return false;
    this.seen.delete(key);
    this.seen.set(key, now);
    return true;
  }

  /** True when every key is new; then all are remembered. */
  firstTimeAll(keys: string[]): boolean {
    const now = this.now();
    if (
      keys.some((k) => {
        const at = this.seen.get(k);
        return at !== undefined && now - at < this.ttlMs;
      })
    )
      return false;
    for (const k of keys) this.firstTime(k);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  /** Map iteration order is insertion order, so expired and surplus keys are at the front. */
  private evict(now: number): void {
    for (const [key, at] of this.seen) {
      if (now - at < this.ttlMs && this.seen.size < this.maxKeys) break;
      this.seen.delete(key);
    }
  }
}
