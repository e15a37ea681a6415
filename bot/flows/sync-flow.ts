/**
 * Payment sync (Sage -> Manage): asked for in chat ("sync payments last week") it shows a progress card that
 * becomes the results card; run by the schedule it needs nobody. Either way the summary is alerted to every
 * registered alert conversation, recorded in the audit log and remembered for `status`. One at a time.
 */

import { safeMessage } from '../../core/errors.ts';
import type { PaymentSyncResult, SinceOption } from '../../core/export/types.ts';
import { broadcast, syncAlert, syncFailedAlert } from '../alerts.ts';
import { mayDo, toActorRef } from '../approvals.ts';
import { flowCompany } from '../companies.ts';
import {
  audit,
  type BotContext,
  newFlowId,
  requesterOf,
  runningSync,
  SCHEDULE_ACTOR,
  setRunningSync,
} from '../context.ts';
import { describeDate, formatInstant } from '../dates.ts';
import type { Conversation, MessageEvent, Replier } from '../events.ts';
import type { ActorRef, FlowRecord } from '../ports.ts';
import { createThrottledUpdater, type ThrottledUpdater } from '../progress.ts';
import { noticeMessage } from '../views/info-views.ts';
import { progressMessage } from '../views/results-view.ts';
import { syncMessage } from '../views/sync-view.ts';
import { allowedToSay, updateCard } from './common.ts';
import { errorNotice } from './errors.ts';

export async function startSync(
  ctx: BotContext,
  event: MessageEvent,
  replier: Replier,
  since: SinceOption,
): Promise<void> {
  if (!(await allowedToSay(ctx, event, replier, 'sync-payments', 'sync-payments'))) return;
  const actor = toActorRef(event.actor);
  const running = runningSync(ctx);
  if (running) {
    await replier.reply(
      noticeMessage(
        'info',
        'Already syncing',
        `A payment sync started by ${running.by} at ${formatInstant(running.startedAt, ctx.config.timeZone)} is running; its results will be posted when it finishes.`,
      ),
    );
    return;
  }
  let sinceDate: string;
  try {
    sinceDate = await ctx.paymentSync.resolveSince(since, requesterOf(actor));
  } catch (err) {
    await replier.reply(errorNotice(ctx, err, 'Cannot sync payments'));
    return;
  }
  if (runningSync(ctx)) return startSync(ctx, event, replier, since);
  const at = ctx.now().toISOString();
  setRunningSync(ctx, { by: actor.name, since: sinceDate, startedAt: at });
  const flow: FlowRecord = {
    id: newFlowId(),
    ...flowCompany(ctx),
    type: 'sync',
    state: 'posting',
    conversation: event.conversation,
    requester: actor,
    options: { since: String(since), sinceDate },
    approvedAt: at,
    createdAt: at,
    updatedAt: at,
  };
  try {
    await ctx.stores.flows.create(flow);
    await audit(ctx, 'request', actor, { command: 'sync-payments', since, sinceDate, flowId: flow.id }, event.eventId);
    const first = progressMessage(
      flow.id,
      `Syncing payments since ${describeDate(sinceDate)}`,
      { phase: 'starting', done: 0, total: 0 },
      at,
      ctx.config.timeZone,
    );
    ctx.state.lastProgress.set(flow.id, first);
    const ref = await replier.reply(first);
    const withRef = (await ctx.stores.flows.patch(flow.id, { messageRef: ref })) ?? flow;
    ctx.tasks.spawn('payment-sync', () => runChatSync(ctx, withRef, since));
  } catch (err) {
    setRunningSync(ctx, undefined);
    throw err;
  }
}

async function runChatSync(ctx: BotContext, flow: FlowRecord, since: SinceOption): Promise<void> {
  const updater = createThrottledUpdater((m) => updateCard(ctx, flow.messageRef, m), {
    intervalMs: ctx.progressIntervalMs,
    logger: ctx.logger,
  });
  try {
    const result = await syncAndRecord(ctx, flow.requester, since, updater, flow.id, flow.conversation);
    const payload = { sync: result };
    await ctx.stores.flows.savePayload(flow.id, payload);
    await ctx.stores.flows.transition(flow.id, ['posting'], 'done');
    await updater.finish(syncMessage(flow.id, result, 0, ctx.config.timeZone, flow.company));
  } catch (err) {
    const message = safeMessage(err);
    await ctx.stores.flows.transition(flow.id, ['posting'], 'failed', { error: message });
    await updater.finish(noticeMessage('error', 'Payment sync failed', message));
  } finally {
    ctx.state.lastProgress.delete(flow.id);
    setRunningSync(ctx, undefined);
  }
}

/** Run the sync, then audit, history and alerts (also on failure, which is rethrown). */
async function syncAndRecord(
  ctx: BotContext,
  actor: ActorRef,
  since: SinceOption,
  updater: ThrottledUpdater | undefined,
  flowId?: string,
  shownIn?: Conversation,
): Promise<PaymentSyncResult> {
  const startedAt = ctx.now().toISOString();
  try {
    const result = await ctx.paymentSync.sync({
      since,
      user: requesterOf(actor),
      onProgress: (p) => {
        if (!updater || !flowId) return;
        const m = progressMessage(flowId, 'Payment sync', p, startedAt, ctx.config.timeZone);
        ctx.state.lastProgress.set(flowId, m);
        updater.push(m);
      },
    });
    await audit(ctx, 'sync-payments', actor, {
      flowId,
      since: result.since,
      checked: result.checked,
      updated: result.updated.length,
      fullyPaid: result.updated.filter((u) => u.fullyPaid).length,
      problems: result.problems.length,
      manageWrites: result.manageWrites,
    });
    await ctx.stores.history
      .recordSync({
        since: result.since,
        updated: result.updated.length,
        problems: result.problems.length,
        by: actor.name,
        finishedAt: result.finishedAt,
        ok: true,
      })
      .catch((err: unknown) => ctx.logger.warn({ err }, 'history not recorded'));
    await broadcast(ctx, syncAlert(result, actor.name), shownIn);
    return result;
  } catch (err) {
    const message = safeMessage(err);
    ctx.logger.error({ err }, 'payment sync failed');
    await audit(ctx, 'sync-payments', actor, { flowId, since, outcome: 'error', error: message });
    await ctx.stores.history
      .recordSync({
        since: String(since),
        updated: 0,
        problems: 0,
        by: actor.name,
        finishedAt: ctx.now().toISOString(),
        ok: false,
        error: message,
      })
      .catch((e: unknown) => ctx.logger.warn({ err: e }, 'history not recorded'));
    await broadcast(ctx, syncFailedAlert(message, actor.name), shownIn);
    throw err;
  }
}

/** The unattended sync the schedule runs: since the last run, alerts only. Skipped when one is running. */
export async function scheduledSync(ctx: BotContext): Promise<PaymentSyncResult | undefined> {
  const decision = mayDo(SCHEDULE_ACTOR, 'sync-payments', ctx.policy);
  if (!decision.allowed) {
    await audit(ctx, 'refuse', SCHEDULE_ACTOR, { command: 'sync-payments', reason: decision.code });
    return undefined;
  }
  if (runningSync(ctx)) {
    ctx.logger.info({ running: runningSync(ctx) }, 'scheduled payment sync skipped: one is running');
    return undefined;
  }
  setRunningSync(ctx, { by: SCHEDULE_ACTOR.name, since: 'last', startedAt: ctx.now().toISOString() });
  try {
    return await syncAndRecord(ctx, SCHEDULE_ACTOR, 'last', undefined);
  } catch {
    return undefined; // already logged, audited and alerted
  } finally {
    setRunningSync(ctx, undefined);
  }
}
