/**
 * A preview nobody typed in this turn (a schedule fired, the command line asked): run it as its requester,
 * store the flow, and send the card to the conversation through the Messenger, where an approver approves it
 * as any other preview (batch-number check, four-eyes against the requester). Nothing to post sends no card.
 */

import type { Preview } from '../../core/export/types.ts';
import { type BotContext, requesterOf } from '../context.ts';
import type { FlowRecord } from '../ports.ts';
import { plural } from '../views/format.ts';
import { transferTotals } from '../views/preview-figures.ts';
import { previewMessage } from '../views/preview-view.ts';
import { createPreviewFlow, type PreviewFlowStart } from './common.ts';
import { replaceOlderPreviews } from './supersede.ts';

export interface ProactivePreview extends PreviewFlowStart {
  origin: NonNullable<PreviewFlowStart['origin']>;
}

export type ProactiveOutcome = { sent: false; preview: Preview } | { sent: true; preview: Preview; flow: FlowRecord };

/** Nothing to approve: no transaction to transfer and no problem to show. */
export function nothingToPost(p: Preview): boolean {
  return p.problems.length === 0 && !p.transactions.some((t) => t.status === 'transfer' || t.status === 'problem');
}

/** Preview, then (unless there is nothing to post) the card in the conversation; engine errors are thrown. */
export async function sendPreview(ctx: BotContext, what: ProactivePreview): Promise<ProactiveOutcome> {
  const preview = await ctx.engine.preview(what.kind, { ...what.options, user: requesterOf(what.requester) });
  if (nothingToPost(preview)) return { sent: false, preview };
  const flow = await createPreviewFlow(ctx, what, preview);
  let ref;
  try {
    ref = await ctx.messenger.send(what.conversation, previewMessage(flow, preview, 0, ctx.config.timeZone));
  } catch (err) {
    // A card nobody can see must not stand in for the next scheduled one, nor be approvable.
    await ctx.stores.flows.transition(flow.id, [flow.state], 'cancelled', { note: 'The card could not be sent.' });
    throw err;
  }
  await replaceOlderPreviews(ctx, flow);
  return { sent: true, preview, flow: (await ctx.stores.flows.patch(flow.id, { messageRef: ref })) ?? flow };
}

/** "3 invoices to transfer (GBP 360.00), 1 problem; batch 20261202-SP-I" for alerts and the terminal. */
export function previewSummary(p: Preview, batchId?: string): string {
  const transfer = p.transactions.filter((t) => t.status === 'transfer').length;
  const noun = p.kind === 'invoices' ? 'invoice' : p.kind === 'expenses' ? 'expense' : 'inventory transaction';
  const parts = [`${plural(transfer, noun)} to transfer (${transferTotals(p)})`];
  if (p.problems.length) parts.push(plural(p.problems.length, 'problem'));
  return `${parts.join(', ')}${batchId ? `; batch ${batchId}` : ''}`;
}
