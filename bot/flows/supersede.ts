/**
 * One live preview per kind per conversation: a new "run" replaces the older open preview of the same kind
 * there. The old one is cancelled with a `replacedBy` line (so its buttons answer that it was replaced and can
 * never post) and its card is redrawn in place to say so.
 */
import type { BotContext } from '../context.ts';
import { formatInstant } from '../dates.ts';
import type { FlowRecord, FlowState } from '../ports.ts';
import { cardRef, renderFlow, updateCard } from './common.ts';

/** States of a preview nobody has approved yet: the ones a newer preview replaces. */
export const OPEN_PREVIEW: FlowState[] = ['ready', 'blocked', 'stale', 'empty', 'rechecking'];

/** Cancel every older open preview of `flow.kind` in its conversation; returns the ones replaced. */
export async function replaceOlderPreviews(ctx: BotContext, flow: FlowRecord): Promise<FlowRecord[]> {
  const older = await ctx.stores.flows.list({
    conversationKey: flow.conversation.key,
    states: OPEN_PREVIEW,
    type: 'preview',
  });
  const replacedBy = `the one ${flow.requester.name} asked for at ${formatInstant(flow.createdAt, ctx.config.timeZone)}`;
  const replaced: FlowRecord[] = [];
  for (const old of older.filter((f) => f.id !== flow.id && f.kind === flow.kind)) {
    const moved = await ctx.locks.run(old.id, () =>
      ctx.stores.flows.transition(old.id, OPEN_PREVIEW, 'cancelled', { replacedBy, cancelledBy: flow.requester }),
    );
    if (!moved.ok) continue;
    replaced.push(moved.flow);
    await updateCard(ctx, cardRef(moved.flow), await renderFlow(ctx, moved.flow));
  }
  return replaced;
}

/** "the preview of expenses through 2026-11-27 (batch 20261127JD-E, asked for by Jane Doe)". */
export function describePreview(flow: FlowRecord): string {
  const through = flow.options.throughDate ? ` through ${flow.options.throughDate}` : '';
  const where = flow.options.location ? ` for ${flow.options.location}` : '';
  const batch = flow.batchId ? `batch ${flow.batchId}, ` : '';
  return `the preview of ${flow.kind ?? 'transactions'}${through}${where} (${batch}asked for by ${flow.requester.name})`;
}
