/**
 * The conversation's public face for adapters (Teams, Slack, web chat) and the composition root:
 *
 *   const bot = createBot({ engine, paymentSync, audit, messenger, config, stores, logger, downloadsBaseUrl });
 *   startSchedules(bot);                       // SAGEBOT_PAYMENT_SYNC_CRON, if set
 *   await bot.onMessage(event, replier);       // text with the mention removed
 *   const answer = await bot.onAction(event);  // answer.message replaces the card; answer.toast for the clicker
 *   bot.downloads.resolveDownload(token);      // serve GET /downloads/<token>
 *   await bot.close();
 */

export { reconcileAlert, runAlert, syncAlert } from './alerts.ts';
export { type BotDeps, createBot, type SagebotBot } from './bot.ts';
export type { BotCompany } from './companies.ts';
export type { BotConfig, BotStores } from './context.ts';
export type { Downloads } from './downloads.ts';
export { type DownloadResponse, downloadResponse } from './downloads.ts';
export type * from './events.ts';
export { createKeyedMutex, type KeyedMutex } from './locks.ts';
export { type Command, parseCommand } from './parse-command.ts';
export { parseWhen } from './parse-schedule.ts';
export type {
  AlertChannel,
  AlertChannelStore,
  AlertOutbox,
  BotHistoryStore,
  FlowRecord,
  FlowStore,
  PreviewRequest,
  PreviewRequestInbox,
  PreviewSchedule,
  PreviewScheduleStore,
  QueuedAlert,
} from './ports.ts';
export { type PreviewRequestOutcome, submitPreviewRequest } from './preview-requests.ts';
export {
  addSchedule,
  describeSchedule,
  type ScheduleDeps,
  scheduleId,
  stopSchedules,
} from './preview-schedules.ts';
export {
  type ScheduledJob,
  type ScheduleOverrides,
  type Schedules,
  type ScheduleTrigger,
  startSchedules,
} from './schedule.ts';
