/**
 * What the Slack listeners share: the bot, the messenger, name lookups, the bot's own ids. No dedupe memory and no
 * lock of its own: redeliveries carry the same eventId and the bot drops them (bot/dedupe.ts); clicks on one
 * message are queued with the bot's keyed mutex (bot/locks.ts).
 */
import type { webApi } from '@slack/bolt';
import type { Bot } from '../../bot/events.ts';
import type { Logger } from '../../core/logger.ts';
import type { SlackMessenger } from './messenger.ts';
import type { NameResolver } from './names.ts';

export interface SlackContext {
  bot: Bot;
  messenger: SlackMessenger;
  /** The App's client (bot token), for ephemeral notes and modals. */
  client: webApi.WebClient;
  names: NameResolver;
  logger: Logger;
  /** The bot's own user id (from auth.test): its mention is stripped, its messages ignored. */
  botUserId?: string;
  botId?: string;
  /** Work still running after an ack (tests and shutdown wait for it). */
  track<T>(work: Promise<T>): Promise<T>;
}
