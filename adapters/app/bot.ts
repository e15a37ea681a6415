/**
 * The bot as the composition root builds it: the engine, payment sync and audit log of an App, the
 * conversation's stores from the data folder, and the messenger of whichever adapters carry it.
 */
import { type BotCompany, type BotStores, createBot, type Messenger, type SagebotBot } from '../../bot/index.ts';
import type { Config } from '../../core/config.ts';
import type { App } from './app.ts';
import { openBotStores } from './stores.ts';

export interface AppBotOptions {
  messenger: Messenger;
  /** The configuration the bot uses; default the App's (demo mode passes one with its approver). */
  config?: Config;
  /** Stores that replace the ones in the data folder (demo mode's alert channels). */
  stores?: Partial<BotStores>;
  downloadsBaseUrl?: string;
  progressIntervalMs?: number;
  /** The bot's click deadline (bot/deadline.ts); default the bot's. */
  actionDeadlineMs?: number;
  now?: () => Date;
}

export function createAppBot(app: App, o: AppBotOptions): SagebotBot {
  return createBot({
    engine: app.engine,
    paymentSync: app.paymentSync,
    ...(app.companies.length > 1 ? { companies: botCompanies(app) } : {}),
    audit: app.audit,
    messenger: o.messenger,
    config: o.config ?? app.config,
    logger: app.logger,
    stores: { ...openBotStores(app.folder, o.now), ...o.stores },
    ...(o.downloadsBaseUrl ? { downloadsBaseUrl: o.downloadsBaseUrl } : {}),
    ...(o.progressIntervalMs !== undefined ? { progressIntervalMs: o.progressIntervalMs } : {}),
    ...(o.actionDeadlineMs !== undefined ? { actionDeadlineMs: o.actionDeadlineMs } : {}),
    ...(o.now ? { now: o.now } : {}),
  });
}

/** Every Sage company as the bot sees it: its names, its locations, its engine and payment sync. */
function botCompanies(app: App): BotCompany[] {
  return app.companies.map(({ company: c, engine, paymentSync }) => ({
    id: c.id,
    name: c.name,
    aliases: c.aliases,
    isDefault: c.isDefault,
    ...(c.locations ? { locations: c.locations } : {}),
    baseCurrency: c.baseCurrency,
    engine,
    paymentSync,
  }));
}
