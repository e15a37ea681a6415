/**
 * Alerts: a finished batch or payment sync, summarised on an AlertView and sent to every registered alert
 * conversation through the Messenger. One failing channel never stops the others (it is logged).
 */
import type { PaymentSyncResult, Reconciliation, RunResult } from '../core/export/types.ts';
import type { BotContext } from './context.ts';
import { describeDate } from './dates.ts';
import type { Conversation, OutgoingMessage } from './events.ts';
import { plural } from './views/format.ts';
import { alertMessage } from './views/info-views.ts';
import { readBackFact } from './views/reconcile-view.ts';
import { totalFacts } from './views/results-view.ts';

/** A Teams channel and its threads are one chat: "19:x@thread.tacv2;messageid=1" is in "19:x@thread.tacv2". */
export function chatOf(c: Conversation): string {
  return `${c.platform}:${c.id.replace(/;messageid=\d+$/, '')}`;
}

/**
 * Send an alert to every alert conversation except `shownIn`, the chat that already holds the result card:
 * each result appears once per chat.
 */
export async function broadcast(ctx: BotContext, message: OutgoingMessage, shownIn?: Conversation): Promise<number> {
  let channels;
  try {
    channels = await ctx.stores.alertChannels.list();
  } catch (err) {
    ctx.logger.error({ err }, 'cannot read alert channels');
    return 0;
  }
  if (shownIn) channels = channels.filter((c) => chatOf(c.conversation) !== chatOf(shownIn));
  const results = await Promise.allSettled(channels.map((c) => ctx.messenger.send(c.conversation, message)));
  results.forEach((r, i) => {
    if (r.status === 'rejected')
      ctx.logger.warn({ err: r.reason, conversation: channels[i].conversation.key }, 'alert not delivered');
  });
  return results.filter((r) => r.status === 'fulfilled').length;
}

/** The read-back's sentences for an alert: nothing when it reconciled, else each difference and its fix. */
function readBackText(r: Reconciliation | undefined): string {
  if (!r || (r.checked && r.reconciled)) return '';
  if (!r.checked) return ` ${r.note ?? ''}`;
  const shown = r.differences.slice(0, 5).map((d) => ` ${d.message} Fix: ${d.fix}`);
  const more =
    r.differences.length > 5 ? ` …and ${r.differences.length - 5} more ("reconcile ${r.batch}" lists them).` : '';
  return ` Sage does not hold the batch as sent:${shown.join('')}${more}`;
}

export function runAlert(r: RunResult, by: string, rerun = false): OutgoingMessage {
  const failed = r.failed.length + r.problems.length;
  const words = {
    completed: 'completed',
    partial: 'completed with errors',
    failed: 'failed',
    stale: 'not posted (stale preview)',
  }[r.outcome];
  const differs = r.reconciliation !== undefined && !r.reconciliation.reconciled;
  return alertMessage({
    title: `${rerun ? 'Rerun of batch' : 'Batch'} ${r.batch} ${words}${differs ? ' — Sage differs' : ''}`,
    tone:
      r.outcome === 'completed' && !differs
        ? 'success'
        : r.outcome === 'partial' || r.outcome === 'completed'
          ? 'warning'
          : 'error',
    text: `${plural(r.posted.length, r.kind === 'invoices' ? 'invoice' : 'record')} posted to Sage, ${r.skipped.length} skipped, ${failed} failed.${readBackText(r.reconciliation)}`,
    facts: [
      { title: 'Batch', value: r.batch },
      { title: 'Kind', value: r.kind },
      { title: 'Outcome', value: words },
      { title: 'Posted', value: String(r.posted.length) },
      { title: 'Failed', value: String(failed) },
      ...totalFacts(r),
      ...(r.reconciliation ? [readBackFact(r.reconciliation)] : []),
      ...(r.manageBatchId !== undefined ? [{ title: 'Manage batch', value: String(r.manageBatchId) }] : []),
      { title: 'By', value: by },
    ],
  });
}

/** "reconcile BATCH" found a difference (or could not read Sage): a problem for the alert channels. */
export function reconcileAlert(r: Reconciliation, by: string): OutgoingMessage {
  return alertMessage({
    title: r.checked ? `Batch ${r.batch} does not reconcile with Sage` : `Batch ${r.batch} could not be reconciled`,
    tone: r.checked ? 'warning' : 'error',
    text: readBackText(r).trim(),
    facts: [{ title: 'Batch', value: r.batch }, readBackFact(r), { title: 'By', value: by }],
  });
}

export function syncAlert(r: PaymentSyncResult, by: string): OutgoingMessage {
  const fully = r.updated.filter((u) => u.fullyPaid).length;
  return alertMessage({
    title: 'Payment sync finished',
    tone: r.problems.length ? 'warning' : 'success',
    text: `${plural(r.updated.length, 'invoice')} updated in Manage (${fully} fully paid), ${plural(r.problems.length, 'problem')}.`,
    facts: [
      { title: 'Since', value: describeDate(r.since) },
      { title: 'Checked', value: String(r.checked) },
      { title: 'Updated', value: String(r.updated.length) },
      { title: 'Fully paid', value: String(fully) },
      { title: 'Problems', value: String(r.problems.length) },
      { title: 'By', value: by },
    ],
  });
}

export function syncFailedAlert(message: string, by: string): OutgoingMessage {
  return alertMessage({
    title: 'Payment sync failed',
    tone: 'error',
    text: message,
    facts: [{ title: 'By', value: by }],
  });
}

/**
 * Send what the command line left in the outbox (bot/ports.ts QueuedAlert) to every alert chat; returns how many
 * alerts were taken. An alert is taken once, even if a chat cannot be reached (that is logged, as for any alert).
 */
export async function sendQueuedAlerts(ctx: BotContext): Promise<number> {
  const outbox = ctx.stores.outbox;
  if (!outbox) return 0;
  const alerts = await outbox.takeAll();
  for (const a of alerts) {
    const delivered = await broadcast(ctx, a.message);
    ctx.logger.info({ alert: a.id, about: a.about, delivered }, 'command-line alert sent to the alert chats');
  }
  return alerts.length;
}
