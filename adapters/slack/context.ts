/** What the Slack listeners share: the bot, the messenger, dedup memory, name lookups, the bot's own ids. */
import type { webApi } from '@slack/bolt';
import type { Bot } from '../../bot/events.ts';
import type { Logger } from '../../core/logger.ts';
import type { SeenKeys } from './dedup.ts';
import type { SlackMessenger } from './messenger.ts';
import type { NameResolver } from './names.ts';

export interface SlackContext {
  bot: Bot;
  messenger: SlackMessenger;
  /** The App's client (bot token), for ephemeral notes and modals. */
  client: webApi.WebClient;
  seen: SeenKeys;
  names: NameResolver;
  logger: Logger;
  /** The bot's own user id (from auth.test): its mention is stripped, its messages ignored. */
  botUserId?: string;
  botId?: string;
  /** Work still running after an ack (tests and shutdown wait for it). */
  track<T>(work: Promise<T>): Promise<T>;
}

/** Runs work for one key after the previous work for that key, waiting at most `maxWaitMs` for it. */
export function createKeyedLock(maxWaitMs = 5000): <T>(key: string, work: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<unknown>>();
  return async (key, work) => {
    const previous = tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const tail = previous.then(() => mine);
    tails.set(key, tail);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([previous.catch(() => undefined), new Promise<void>((r) => (timer = setTimeout(r, maxWaitMs)))]);
    clearTimeout(timer);
    try {
      return await work();
    } finally {
      release();
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}
