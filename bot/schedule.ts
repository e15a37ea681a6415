/**
 * The schedules of a running bot: the unattended payment sync (SAGEBOT_PAYMENT_SYNC_CRON) and the preview
 * schedules kept in the data folder (bot/preview-schedules.ts), each on croner in the configured time zone and
 * never two runs of one at once. The data folder is also read every `pollMs` for schedules the command line
 * added or stopped and for its preview requests (bot/flows/request-flow.ts). `startSchedules(bot)` starts it
 * all for a bot made by createBot; `stop()` (or bot.close()) ends it.
 */
import { Cron } from 'croner';
import type { PaymentSyncResult } from '../core/export/types.ts';
import type { Logger } from '../core/logger.ts';
import type { PreviewSchedule } from './ports.ts';

/** What a schedule needs from the bot (createBot's result provides it). */
export interface Schedulable {
  runScheduledSync(): Promise<PaymentSyncResult | undefined>;
  readonly schedule: { cron?: string; timeZone: string; logger: Logger };
  onClose(hook: () => void): void;
  /** The preview schedules as stored now, and what one does when it fires. */
  previewSchedules?(): Promise<PreviewSchedule[]>;
  runScheduledPreview?(schedule: PreviewSchedule): Promise<void>;
  /** Post the previews the command line asked for (`sagebot request`). */
  pickUpRequests?(): Promise<number>;
  sendQueuedAlerts?(): Promise<number>;
  /** Called by the bot after a chat command added or stopped a schedule. */
  onSchedulesChanged?(hook: () => Promise<void>): void;
}

/** One scheduled job, as a trigger returns it. */
export interface ScheduledJob {
  stop(): void;
  nextRun(): Date | undefined;
}

export interface Schedules extends ScheduledJob {
  /** Start, move and stop preview jobs to match the stored schedules (also done every pollMs). */
  refresh(): Promise<void>;
  /** The preview schedules running now, by id, with their cron. */
  running(): Map<string, string>;
}

/**
 * What fires a schedule: croner on the wall clock by default; tests pass one they fire by hand. `run` is never
 * started twice at once.
 */
export type ScheduleTrigger = (
  cron: string,
  options: { timeZone: string; onError: (err: unknown) => void; name?: string },
  run: () => Promise<void>,
) => ScheduledJob;

export const cronTrigger: ScheduleTrigger = (cron, { timeZone, onError, name }, run) => {
  // croner's job names are process-wide and must be unique: only the payment sync's is given one.
  const job = new Cron(cron, { timezone: timeZone, protect: true, ...(name ? { name } : {}), catch: onError }, run);
  return { stop: () => job.stop(), nextRun: () => job.nextRun() ?? undefined };
};

export interface ScheduleOverrides {
  cron?: string;
  trigger?: ScheduleTrigger;
  /** How often the data folder is read for changed schedules and CLI requests (default 5000 ms; 0: never). */
  pollMs?: number;
}

export function startSchedules(bot: Schedulable, override: ScheduleOverrides = {}): Schedules {
  const { timeZone, logger } = bot.schedule;
  const trigger = override.trigger ?? cronTrigger;
  const payment = startPaymentSync(bot, override.cron ?? bot.schedule.cron, trigger);
  const previews = new Map<string, { cron: string; sig: string; job: ScheduledJob }>();

  async function refresh(): Promise<void> {
    if (!bot.previewSchedules || !bot.runScheduledPreview) return;
    const wanted = await bot.previewSchedules();
    const ids = new Set(wanted.map((s) => s.id));
    for (const [id, p] of previews) {
      if (ids.has(id)) continue;
      p.job.stop();
      previews.delete(id);
    }
    for (const s of wanted) {
      const current = previews.get(s.id);
      const sig = JSON.stringify(s); // a schedule moved to another chat restarts too
      if (current?.sig === sig) continue;
      current?.job.stop();
      previews.set(s.id, { cron: s.cron, sig, job: startPreviewJob(bot, s, trigger) });
    }
  }

  const safeRefresh = () => refresh().catch((err: unknown) => logger.error({ err }, 'preview schedules not read'));
  const pollMs = override.pollMs ?? 5000;
  const timer = pollMs > 0 ? setInterval(() => void tick(), pollMs) : undefined;
  timer?.unref?.();
  let ticking = false;
  async function tick(): Promise<void> {
    if (ticking) return;
    ticking = true;
    try {
      await safeRefresh();
      await bot.pickUpRequests?.().catch((err: unknown) => logger.error({ err }, 'preview requests not read'));
      await bot.sendQueuedAlerts?.().catch((err: unknown) => logger.error({ err }, 'command-line alerts not sent'));
    } finally {
      ticking = false;
    }
  }

  const schedules: Schedules = {
    stop() {
      if (timer) clearInterval(timer);
      payment.stop();
      for (const p of previews.values()) p.job.stop();
      previews.clear();
    },
    nextRun: () => payment.nextRun(),
    refresh,
    running: () => new Map([...previews].map(([id, p]) => [id, p.cron])),
  };
  bot.onSchedulesChanged?.(refresh);
  bot.onClose(schedules.stop);
  void safeRefresh();
  logger.info({ timeZone }, 'schedules started');
  return schedules;
}

function startPaymentSync(bot: Schedulable, cron: string | undefined, trigger: ScheduleTrigger): ScheduledJob {
  const { timeZone, logger } = bot.schedule;
  if (!cron) return { stop: () => undefined, nextRun: () => undefined };
  const job = trigger(
    cron,
    {
      timeZone,
      name: 'sagebot-payment-sync',
      onError: (err) => logger.error({ err }, 'scheduled payment sync failed'),
    },
    async () => {
      logger.info({ cron }, 'scheduled payment sync starting');
      await bot.runScheduledSync();
    },
  );
  logger.info({ cron, timeZone, next: job.nextRun()?.toISOString() }, 'payment sync scheduled');
  return job;
}

function startPreviewJob(bot: Schedulable, s: PreviewSchedule, trigger: ScheduleTrigger): ScheduledJob {
  const { timeZone, logger } = bot.schedule;
  const job = trigger(
    s.cron,
    { timeZone, onError: (err) => logger.error({ err, schedule: s.id }, 'scheduled preview failed') },
    async () => {
      logger.info({ schedule: s.id, cron: s.cron }, 'scheduled preview starting');
      await bot.runScheduledPreview?.(s);
    },
  );
  logger.info({ schedule: s.id, cron: s.cron, next: job.nextRun()?.toISOString() }, 'preview scheduled');
  return job;
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
