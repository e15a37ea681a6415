/**
 * Preview schedules in chat ("every weekday at 8:00 preview invoices here", "schedules", "stop the invoice
 * schedule") through the shared operations of bot/preview-schedules.ts, and what a schedule does when it fires:
 * the preview through that day, posted to its channel for an approver. Nothing to post says so in a line; a
 * preview with problems shows them and alerts the channel; while its last one (or any open preview of the kind in
 * its chat) still waits for approval, the next is skipped rather than repeated.
 */
import { safeMessage } from '../../core/errors.ts';
import { broadcast } from '../alerts.ts';
import { toActorRef } from '../approvals.ts';
import { audit, type BotContext, SCHEDULED_PREVIEW_ACTOR } from '../context.ts';
import { resolveChatDate, shortDate } from '../dates.ts';
import type { MessageEvent, Replier } from '../events.ts';
import type { ScheduleCommand } from '../parse-schedule.ts';
import type { FlowState, PreviewSchedule } from '../ports.ts';
import { addSchedule, describeSchedule, type ScheduleDeps, stopSchedules } from '../preview-schedules.ts';
import { kindNoun, plural } from '../views/format.ts';
import { alertMessage, noticeMessage } from '../views/info-views.ts';
import { previewSummary, sendPreview } from './proactive-preview.ts';

/** A scheduled preview in one of these states is still before or in its approval: the next one waits. */
const WAITING: FlowState[] = ['ready', 'blocked', 'stale', 'rechecking', 'checking', 'posting'];

function deps(ctx: BotContext): ScheduleDeps | undefined {
  const store = ctx.stores.schedules;
  return store ? { store, policy: ctx.policy, audit: ctx.audit, now: ctx.now } : undefined;
}

export async function scheduleCommand(
  ctx: BotContext,
  event: MessageEvent,
  replier: Replier,
  cmd: Exclude<ScheduleCommand, { type: 'invalid' }>,
): Promise<void> {
  const d = deps(ctx);
  if (!d) {
    await replier.reply(noticeMessage('warning', 'No schedules', 'This sagebot keeps no schedules.'));
    return;
  }
  const who = toActorRef(event.actor);
  if (cmd.type === 'schedules') return listInChat(ctx, d, replier);
  if (cmd.type === 'scheduleStop') {
    const r = await stopSchedules(d, who, { kind: cmd.kind, ...scheduleCompany(ctx) });
    if (!r.ok) {
      await replier.reply(
        noticeMessage('warning', r.code === 'unknown-schedule' ? 'No such schedule' : 'Not allowed', r.reason),
      );
      return;
    }
    await ctx.state.schedulesChanged?.();
    const text = r.removed.length
      ? `Stopped: ${r.removed.map((s) => `${kindNoun(s.kind)} ${s.description}`).join('; ')}.`
      : 'There were no schedules to stop.';
    await replier.reply(noticeMessage('success', 'Schedule stopped', text));
    return;
  }
  if (cmd.through) {
    // Read now as well as at each firing, so words that are no date are refused here, not every morning.
    const through = resolveChatDate(cmd.through, { timeZone: ctx.config.timeZone, now: ctx.now() });
    if (!through.ok) {
      await replier.reply(noticeMessage('warning', 'Which date?', `${through.message} ${through.fix}`));
      return;
    }
  }
  const r = await addSchedule(d, who, {
    kind: cmd.kind,
    cron: cmd.cron,
    description: cmd.description,
    conversation: event.conversation,
    ...scheduleCompany(ctx),
    ...(cmd.location ? { location: cmd.location } : {}),
    ...(cmd.detail ? { detail: cmd.detail } : {}),
    ...(cmd.through ? { through: cmd.through } : {}),
  });
  if (!r.ok) {
    await replier.reply(noticeMessage('warning', 'Not allowed', r.reason));
    return;
  }
  await ctx.state.schedulesChanged?.();
  const moved = r.replaced
    ? ` It replaces the earlier ${kindNoun(r.replaced.kind)} schedule (${r.replaced.description} in ${r.replaced.conversation.name ?? r.replaced.conversation.key}).`
    : '';
  await replier.reply(
    noticeMessage(
      'success',
      'Scheduled',
      `I will preview ${describeSchedule(r.schedule, ctx.config.timeZone, ctx.now())} and post the card here; nothing is posted to Sage until an approver approves it on the card.${moved}`,
    ),
  );
}

async function listInChat(ctx: BotContext, d: ScheduleDeps, replier: Replier): Promise<void> {
  const all = await d.store.list();
  const lines = all.map((s) => `• ${describeSchedule(s, ctx.config.timeZone, ctx.now())}`);
  if (ctx.config.paymentSyncCron)
    lines.push(`• payment sync on cron "${ctx.config.paymentSyncCron}" (SAGEBOT_PAYMENT_SYNC_CRON)`);
  const text = lines.length
    ? lines.join('\n')
    : 'No schedules. For example: "every weekday at 8:00 preview invoices here".';
  await replier.reply(noticeMessage('info', plural(all.length, 'preview schedule'), text));
}

/** What a schedule does when it fires. Errors are reported to its channel, never thrown. */
/** A schedule of a company other than the default carries its id (its own schedule of each kind). */
function scheduleCompany(ctx: BotContext): { company?: string } {
  return ctx.companies.length > 1 && !ctx.company.isDefault ? { company: ctx.company.id } : {};
}

export async function runScheduledPreview(ctx: BotContext, schedule: PreviewSchedule): Promise<void> {
  const actor = SCHEDULED_PREVIEW_ACTOR;
  const noun = kindNoun(schedule.kind);
  // Its own last card, or any open preview of the kind in its chat: that card already serves for approval.
  const sameCompany = (f: { company?: { id: string } }) => (f.company?.id ?? ctx.companies[0].id) === ctx.company.id;
  const waiting = (await ctx.stores.flows.list({ states: WAITING, type: 'preview' })).find(
    (f) =>
      f.scheduleId === schedule.id ||
      (f.kind === schedule.kind && f.conversation.key === schedule.conversation.key && sameCompany(f)),
  );
  if (waiting) {
    ctx.logger.info({ schedule: schedule.id, flowId: waiting.id }, 'scheduled preview skipped: the last one waits');
    await audit(ctx, 'schedule-skip', actor, { schedule: schedule.id, waiting: waiting.id, state: waiting.state });
    return;
  }
  const through = resolveChatDate(schedule.through ?? 'today', { timeZone: ctx.config.timeZone, now: ctx.now() });
  if (!through.ok) {
    const alert = alertMessage({
      title: `Scheduled ${noun} preview not made`,
      tone: 'error',
      text: `Its through-date "${schedule.through}" is no date today: ${through.message} Make the schedule again with another through-date.`,
      facts: [{ title: 'Kind', value: schedule.kind }],
    });
    await ctx.messenger
      .send(schedule.conversation, alert)
      .catch((e: unknown) => ctx.logger.warn({ err: e }, 'alert not delivered'));
    return;
  }
  const throughDate = through.date;
  const options = {
    throughDate,
    detail: schedule.detail ?? 'Default',
    ...(schedule.location ? { location: schedule.location } : {}),
  };
  const where = schedule.conversation;
  try {
    const out = await sendPreview(ctx, {
      kind: schedule.kind,
      options,
      requester: actor,
      conversation: where,
      origin: { scheduleId: schedule.id },
    });
    const summary = previewSummary(out.preview, out.sent ? out.flow.batchId : undefined);
    await audit(ctx, 'request', actor, {
      command: 'scheduled-preview',
      schedule: schedule.id,
      kind: schedule.kind,
      throughDate,
      flowId: out.sent ? out.flow.id : undefined,
      transactions: out.preview.transactions.length,
      problems: out.preview.problems.length,
    });
    if (!out.sent) {
      await ctx.messenger.send(where, {
        text: `Scheduled preview: no unposted ${noun} through ${shortDate(throughDate)}; nothing to approve.`,
      });
      return;
    }
    if (out.preview.problems.length) {
      const alert = alertMessage({
        title: `Scheduled ${noun} preview has ${plural(out.preview.problems.length, 'problem')}`,
        tone: 'warning',
        text: `Fix them in Manage (the card lists each one and how), then press Re-check on the card. ${summary}.`,
        facts: [
          { title: 'Kind', value: schedule.kind },
          { title: 'Through', value: throughDate },
          { title: 'Problems', value: String(out.preview.problems.length) },
        ],
      });
      await ctx.messenger.send(where, alert);
      await broadcast(ctx, alert, where);
    }
  } catch (err) {
    ctx.logger.warn({ err, schedule: schedule.id }, 'scheduled preview failed');
    await audit(ctx, 'request', actor, { command: 'scheduled-preview', schedule: schedule.id, failed: true });
    const alert = alertMessage({
      title: `Scheduled ${noun} preview failed`,
      tone: 'error',
      text: safeMessage(err),
      facts: [{ title: 'Kind', value: schedule.kind }],
    });
    await ctx.messenger.send(where, alert).catch((e: unknown) => ctx.logger.warn({ err: e }, 'alert not delivered'));
  }
}
