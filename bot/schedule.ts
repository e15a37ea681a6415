/**
 * The unattended payment sync: SAGEBOT_PAYMENT_SYNC_CRON (croner, in the configured time zone, never two at
 * once). `startSchedules(bot)` starts it for a bot made by createBot; `stop()` (or bot.close()) ends it.
 */
import { Cron } from 'croner';
import type { PaymentSyncResult } from '../core/export/types.ts';
import type { Logger } from '../core/logger.ts';

/** What a schedule needs from the bot (createBot's result provides it). */
export interface Schedulable {
  runScheduledSync(): Promise<PaymentSyncResult | undefined>;
  readonly schedule: { cron?: string; timeZone: string; logger: Logger };
  onClose(hook: () => void): void;
}

export interface Schedules {
  stop(): void;
  nextRun(): Date | undefined;
}

/**
 * What fires a schedule: croner on the wall clock by default; tests pass one they fire by hand. `run` is never
 * started twice at once.
 */
export type ScheduleTrigger = (
  cron: string,
  options: { timeZone: string; onError: (err: unknown) => void },
  run: () => Promise<void>,
) => Schedules;

export const cronTrigger: ScheduleTrigger = (cron, { timeZone, onError }, run) => {
  const job = new Cron(cron, { timezone: timeZone, protect: true, name: 'sagebot-payment-sync', catch: onError }, run);
  return { stop: () => job.stop(), nextRun: () => job.nextRun() ?? undefined };
};

export function startSchedules(
  bot: Schedulable,
  override: { cron?: string; trigger?: ScheduleTrigger } = {},
): Schedules {
  const cron = override.cron ?? bot.schedule.cron;
  const { timeZone, logger } = bot.schedule;
  if (!cron) return { stop: () => undefined, nextRun: () => undefined };
  const trigger = override.trigger ?? cronTrigger;
  const schedules = trigger(
    cron,
    { timeZone, onError: (err) => logger.error({ err }, 'scheduled payment sync failed') },
    async () => {
      logger.info({ cron }, 'scheduled payment sync starting');
      await bot.runScheduledSync();
    },
  );
  bot.onClose(schedules.stop);
  logger.info({ cron, timeZone, next: schedules.nextRun()?.toISOString() }, 'payment sync scheduled');
  return schedules;
}

/** When a cron expression fires next (for `status`); undefined when there is none or it is invalid. */
export function nextScheduledRun(cron: string | undefined, timeZone: string, from: Date): Date | undefined {
  if (!cron) return undefined;
  try {
    return new Cron(cron, { timezone: timeZone, paused: true }).nextRun(from) ?? undefined;
  } catch {
    return undefined;
  }
}
