/**
 * A preview nobody typed in this turn (a schedule fired, the command line asked): run it as its requester,
 * store the flow, and send the card to the conversation through the Messenger, where an approver approves it
 * as any other preview (batch-number check, four-eyes against the requester). Nothing to post sends no card.
 */

import type { Kind, Preview } from '../../core/export/types.ts';
import { flowCompany } from '../companies.ts';
import { type BotContext, newFlowId, requesterOf } from '../context.ts';
import type { Conversation } from '../events.ts';
import type { ActorRef, FlowOptions, FlowRecord } from '../ports.ts';
import { plural } from '../views/format.ts';
import { transferTotals } from '../views/preview-figures.ts';
import { previewMessage, previewState } from '../views/preview-view.ts';
import { replaceOlderPreviews } from './supersede.ts';

export interface ProactivePreview {
  kind: Kind;
  options: FlowOptions;
  requester: ActorRef;
  conversation: Conversation;
  /** Marks on the flow: which schedule or request made it. */
  origin: Pick<FlowRecord, 'scheduleId' | 'requestId'>;
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
  const at = ctx.now().toISOString();
  const flow: FlowRecord = {
    id: newFlowId(),
    ...flowCompany(ctx),
    type: 'preview',
    state: previewState(preview),
    conversation: what.conversation,
    requester: what.requester,
    kind: what.kind,
    options: what.options,
    fingerprint: preview.fingerprint,
    batchId: preview.suggestedBatchId,
    batchIdSuggested: true,
    ...what.origin,
    createdAt: at,
    updatedAt: at,
  };
  await ctx.stores.flows.savePayload(flow.id, { preview });
  await ctx.stores.flows.create(flow);
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
