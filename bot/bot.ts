/**
 * createBot: the platform-neutral conversation behind every adapter (Teams, Slack, the local web chat).
 * It parses messages, routes clicks, keeps flow state server-side, and runs posting and syncing in the
 * background, updating cards through the adapter's Messenger. Adapters call onMessage / onAction and serve
 * the downloads registry; nothing here knows a platform SDK.
 */

import { INPUTS } from '../cards/actions.ts';
import type { AuditLog } from '../core/audit.ts';
import { safeMessage } from '../core/errors.ts';
import type { ExportEngine, PaymentSync, PaymentSyncResult } from '../core/export/types.ts';
import type { Logger } from '../core/logger.ts';
import { sendQueuedAlerts } from './alerts.ts';
import { toActorRef } from './approvals.ts';
import {
  type BotCompany,
  type CompanyPick,
  companyOfLocationName,
  forCompany,
  pickCompany,
  whichCompany,
} from './companies.ts';
import { audit, type BotConfig, type BotContext, type BotStores } from './context.ts';
import { answerInTime } from './deadline.ts';
import { createRecent } from './dedupe.ts';
import { createDownloads, type Downloads } from './downloads.ts';
import type { ActionEvent, ActionResponse, Bot, MessageEvent, Messenger, Replier, WelcomeEvent } from './events.ts';
import { repeatedAnswer } from './flows/common.ts';
import { recoverInterrupted } from './flows/recover.ts';
import { pickUpRequests } from './flows/request-flow.ts';
import { runScheduledPreview } from './flows/schedule-flow.ts';
import { scheduledSync } from './flows/sync-flow.ts';
import { createKeyedMutex } from './locks.ts';
import { type Command, parseCommand } from './parse-command.ts';
import { isFlowId, type PreviewSchedule } from './ports.ts';
import { routeAction, routeMessage } from './router.ts';
import { createTaskRunner } from './tasks.ts';
import { helpMessage, noticeMessage } from './views/info-views.ts';

/** What createBot needs; the composition root (adapters/app/bot.ts) passes them. */
export interface BotDeps {
  /** The default company's engine and payment sync. */
  engine: ExportEngine;
  paymentSync: PaymentSync;
  /** Several Sage companies, the default first (its engine is `engine`); absent = one company. */
  companies?: BotCompany[];
  audit: AuditLog;
  /** Sends and updates messages outside a turn (progress, results, alerts). */
  messenger: Messenger;
  config: BotConfig;
  /** Where flows, alert channels and history are kept (the composition root opens them in the data folder). */
  stores: BotStores;
  /** Where the adapter serves GET /downloads/<token>, e.g. "http://127.0.0.1:3978" (also settable later). */
  downloadsBaseUrl?: string;
  /** Lifetime of download links (default 1 hour). */
  downloadTtlMs?: number;
  /** Minimum time between progress updates of one card (default 2000 ms). */
  progressIntervalMs?: number;
  /**
   * Every click is answered within this (default 4000 ms: Teams gives an invoke about 5 s); slower work goes on
   * in the background and its answer reaches the card through the Messenger (bot/deadline.ts).
   */
  actionDeadlineMs?: number;
  /**
   * Put flows left mid-way by a previous process back where users can act (default true). Keep one bot per
   * data folder: a second live bot on the same folder would see the first one's work as interrupted.
   */
  recoverOnStart?: boolean;
  now?: () => Date;
  logger: Logger;
}

export interface SagebotBot extends Bot {
  /** Download links for run files: adapters serve GET /downloads/<token> with `resolveDownload`. */
  downloads: Downloads;
  /**
   * The unattended payment sync (what the schedule runs), of every company in turn; the default company's result,
   * undefined when skipped or failed (alerted).
   */
  runScheduledSync(): Promise<PaymentSyncResult | undefined>;
  /** Schedule settings for startSchedules (bot/schedule.ts). */
  readonly schedule: { cron?: string; timeZone: string; logger: Logger };
  /** Run `hook` on close (schedules register here). */
  onClose(hook: () => void): void;
  /** The preview schedules kept in the data folder (none when the bot has no schedule store). */
  previewSchedules(): Promise<PreviewSchedule[]>;
  /** What a preview schedule does when it fires: the preview posted to its chat for approval. */
  runScheduledPreview(schedule: PreviewSchedule): Promise<void>;
  /** Post the previews `sagebot request` left in the data folder; returns how many were taken. */
  pickUpRequests(): Promise<number>;
  /** Send the command line's alerts (`sagebot run` and the like) to the alert chats; returns how many. */
  sendQueuedAlerts(): Promise<number>;
  /** startSchedules registers here to hear of schedules added or stopped in chat. */
  onSchedulesChanged(hook: () => Promise<void>): void;
  /** Resolves when all background work (posting, syncing, re-checks) has finished. */
  idle(): Promise<void>;
  /** Stop schedules and wait for background work. */
  close(): Promise<void>;
}

const WELCOME =
  'Hello, I am sagebot: I move ConnectWise Manage accounting data into Sage 50 Accounts, with a preview to check and an approval before anything is posted.';

export function createBot(deps: BotDeps): SagebotBot {
  const ctx = buildContext(deps);
  const seenMessages = createRecent<true>();
  const actionAnswers = createRecent<Promise<ActionResponse>>();
  const closeHooks: Array<() => void> = [];
  if (deps.recoverOnStart !== false) ctx.tasks.spawn('recover', async () => void (await recoverInterrupted(ctx)));

  async function onMessage(event: MessageEvent, replier: Replier): Promise<void> {
    if (!event?.actor?.id || !event.conversation?.key) {
      ctx.logger.warn({ eventId: event?.eventId }, 'message without actor or conversation ignored');
      return;
    }
    if (event.eventId && !seenMessages.firstTime(`${event.conversation.key}|${event.eventId}`, true)) {
      ctx.logger.info({ eventId: event.eventId }, 'repeated message delivery ignored');
      return;
    }
    try {
      const picked = pickCompany(String(event.text ?? ''), ctx.companies);
      if (picked.kind === 'ambiguous') {
        await replier.reply(noticeMessage('info', 'Which company?', whichCompany(picked.companies)));
        return;
      }
      const cmd = parseCommand(picked.kind === 'one' ? picked.text : event.text, {
        timeZone: ctx.config.timeZone,
        now: ctx.now(),
      });
      const scoped = scopeMessage(ctx, picked, cmd);
      if (
        !['export', 'exportAll', 'rerun', 'sync', 'alerts', 'cancel', 'scheduleAdd', 'scheduleStop'].includes(cmd.type)
      ) {
        // The flows record their own requests with richer details.
        await audit(
          ctx,
          'request',
          toActorRef(event.actor),
          { command: cmd.type, text: String(event.text ?? '').slice(0, 80) },
          event.eventId,
        );
      }
      await routeMessage(scoped, cmd, event, replier);
    } catch (err) {
      ctx.logger.error({ err, eventId: event.eventId }, 'message handling failed');
      await replier
        .reply(noticeMessage('error', 'Sorry', safeMessage(err)))
        .catch((e: unknown) => ctx.logger.error({ err: e }, 'reply failed'));
    }
  }

  async function onAction(event: ActionEvent): Promise<ActionResponse> {
    if (!event?.actor?.id || !event.conversation?.key)
      return { toast: 'sagebot could not tell who clicked; nothing was done.' };
    const safe: ActionEvent = {
      ...event,
      data: event.data && typeof event.data === 'object' && !Array.isArray(event.data) ? event.data : {},
    };
    const key = `${event.conversation.key}|${event.actor.id}|${event.eventId}`;
    const earlier = event.eventId ? actionAnswers.get(key) : undefined;
    if (earlier) {
      const again = earlier.then(async (first) => ({ ...(await repeatedAnswer(ctx, safe, first)), repeated: true }));
      return answerInTime(ctx, safe, again, false);
    }
    const answer = scopeAction(ctx, safe)
      .then((scoped) => routeAction(scoped, safe))
      .catch((err: unknown) => {
        ctx.logger.error({ err, verb: event.verb, eventId: event.eventId }, 'action handling failed');
        return { toast: safeMessage(err) };
      });
    if (event.eventId) actionAnswers.set(key, answer);
    return answerInTime(ctx, safe, answer);
  }

  async function onWelcome(event: WelcomeEvent, replier: Replier): Promise<void> {
    if (!event?.conversation?.key) return;
    await replier
      .reply(helpMessage(WELCOME))
      .catch((err: unknown) => ctx.logger.warn({ err, eventId: event.eventId }, 'greeting not sent'));
  }

  return {
    onMessage,
    onAction,
    onWelcome,
    downloads: ctx.downloads,
    runScheduledSync: async () => {
      // Each company's payments in turn (one Manage); the default's result is the one returned.
      const results = [];
      for (const c of ctx.companies)
        results.push(await scheduledSync({ ...forCompany(ctx, c.id), chosen: 'schedule' }));
      return results[0];
    },
    schedule: { cron: ctx.config.paymentSyncCron, timeZone: ctx.config.timeZone, logger: ctx.logger },
    onClose: (hook) => void closeHooks.push(hook),
    previewSchedules: async () => (ctx.stores.schedules ? ctx.stores.schedules.list() : []),
    runScheduledPreview: (schedule) =>
      runScheduledPreview(
        schedule.company ? { ...forCompany(ctx, schedule.company), chosen: 'schedule' } : ctx,
        schedule,
      ),
    pickUpRequests: () => pickUpRequests(ctx),
    sendQueuedAlerts: () => sendQueuedAlerts(ctx),
    onSchedulesChanged: (hook) => {
      ctx.state.schedulesChanged = hook;
    },
    idle: () => ctx.tasks.idle(),
    async close() {
      for (const hook of closeHooks.splice(0)) hook();
      await ctx.tasks.idle();
    },
  };
}

/**
 * The context a message runs in: the company it named; else the company whose location it named; else the
 * default. The flow it starts records which and how (bot/companies.ts).
 */
function scopeMessage(ctx: BotContext, picked: CompanyPick, cmd: Command): BotContext {
  if (ctx.companies.length < 2) return ctx;
  if (picked.kind === 'one') return { ...forCompany(ctx, picked.company.id), chosen: 'named' };
  const location = cmd.type === 'export' || cmd.type === 'scheduleAdd' ? cmd.location : undefined;
  const byLocation = location ? companyOfLocationName(ctx.companies, location) : undefined;
  if (byLocation) return { ...forCompany(ctx, byLocation.id), chosen: 'location' };
  return { ...ctx, chosen: 'default' };
}

/** A click runs in the company of the flow its card belongs to. */
async function scopeAction(ctx: BotContext, event: ActionEvent): Promise<BotContext> {
  if (ctx.companies.length < 2) return ctx;
  // A settings button carries its company in its key ("splitInvoicing@ie"); the settings card has no flow.
  const key = event.data[INPUTS.settingKey];
  if (typeof key === 'string' && key.includes('@')) {
    const id = key.slice(key.indexOf('@') + 1);
    if (ctx.companies.some((c) => c.id === id)) return { ...forCompany(ctx, id), chosen: 'named' };
  }
  if (!isFlowId(event.data.flowId)) return ctx;
  const flow = await ctx.stores.flows.get(event.data.flowId);
  return flow?.company ? { ...forCompany(ctx, flow.company.id), chosen: flow.company.how } : ctx;
}

function buildContext(deps: BotDeps): BotContext {
  const now = deps.now ?? (() => new Date());
  const companies: BotCompany[] = deps.companies?.length
    ? deps.companies
    : [
        {
          id: 'default',
          name: 'Sage company',
          aliases: [],
          isDefault: true,
          engine: deps.engine,
          paymentSync: deps.paymentSync,
        },
      ];
  return {
    engine: companies[0].engine,
    paymentSync: companies[0].paymentSync,
    companies,
    company: companies[0],
    audit: deps.audit,
    messenger: deps.messenger,
    config: { ...deps.config, timeZone: deps.config.timeZone || 'Europe/London' },
    stores: deps.stores,
    policy: {
      approvers: deps.config.approvers,
      operators: deps.config.operators ?? [],
      fourEyes: deps.config.fourEyes,
      people: deps.config.people ?? [],
    },
    downloads: createDownloads({
      baseUrl: deps.downloadsBaseUrl,
      defaultTtlMs: deps.downloadTtlMs,
      now,
      registry: deps.stores.downloads,
    }),
    tasks: createTaskRunner(deps.logger),
    locks: createKeyedMutex(),
    logger: deps.logger,
    now,
    progressIntervalMs: deps.progressIntervalMs ?? 2000,
    actionDeadlineMs: deps.actionDeadlineMs ?? 4000,
    state: { lastProgress: new Map(), syncs: new Map() },
  };
}
