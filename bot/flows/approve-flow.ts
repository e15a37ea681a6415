/**
 * Approve on a preview card, in the order that makes it safe: the flow is read from server-side state; the
 * clicker's permission is decided from it (approvers, four-eyes), never from card data; the batch number is
 * validated; then one atomic transition ready|stale -> checking lets exactly one click through. Everything
 * slow (the engine's run, which also decides whether the preview went stale) runs after the answer, in posting.ts.
 */

import { INPUTS } from '../../cards/actions.ts';
import { isSagebotError } from '../../core/errors.ts';
import { canApprove, toActorRef } from '../approvals.ts';
import { auditApproval, type BotContext } from '../context.ts';
import { formatInstant } from '../dates.ts';
import type { ActionEvent, ActionResponse } from '../events.ts';
import { previewMessage } from '../views/preview-view.ts';
import { progressMessage } from '../views/results-view.ts';
import { busyLine, cardRef, loadFlow, refuse, renderFlow, updateCard } from './common.ts';
import { postBatch } from './posting.ts';

export async function approve(ctx: BotContext, event: ActionEvent): Promise<ActionResponse> {
  const loaded = await loadFlow(ctx, event, ['preview']);
  if (!loaded.ok) return loaded.response;
  return ctx.locks.run(loaded.flow.id, () => approveLocked(ctx, event, loaded.flow.id));
}

async function approveLocked(ctx: BotContext, event: ActionEvent, flowId: string): Promise<ActionResponse> {
  const flow = await ctx.stores.flows.get(flowId);
  if (!flow) return { toast: 'This card is no longer active.' };
  const actor = toActorRef(event.actor);
  const decision = canApprove(actor, flow.requester, ctx.policy);
  if (!decision.allowed) return refuse(ctx, event, flow, decision.reason, decision.code);
  if (flow.state !== 'ready' && flow.state !== 'stale') return { toast: busyLine(flow) };

  const typed = event.data[INPUTS.batchId];
  // The engine's rule (core/export/batch-id.ts) decides; an id too long is refused there and shown cut on the card.
  const batchId = (typeof typed === 'string' && typed.trim() !== '' ? typed : (flow.batchId ?? '')).trim();
  try {
    await ctx.engine.checkBatchId(batchId);
  } catch (err) {
    if (!isSagebotError(err)) throw err;
    const updated = await ctx.stores.flows.patch(flow.id, {
      batchId,
      batchIdError: err.userMessage,
      batchIdSuggested: false,
    });
    const payload = await ctx.stores.flows.loadPayload(flow.id);
    if (!updated || !payload.preview) return { toast: err.userMessage };
    return { message: previewMessage(updated, payload.preview, 0, ctx.config.timeZone), toast: err.userMessage };
  }

  const busy = await activeRunLine(ctx);
  if (busy) return { toast: busy };

  const at = ctx.now().toISOString();
  const claimed = await ctx.stores.flows.transition(flow.id, ['ready', 'stale'], 'checking', {
    batchId,
    batchIdError: undefined,
    batchIdSuggested: batchId === flow.batchId && flow.batchIdSuggested,
    approvedBy: actor,
    approvedAt: at,
    staleChanges: undefined,
    note: undefined,
  });
  if (!claimed.ok) return { toast: claimed.flow ? busyLine(claimed.flow) : 'This card is no longer active.' };
  const unaudited = await auditApproval(
    ctx,
    actor,
    {
      flowId: flow.id,
      batch: batchId,
      kind: flow.kind,
      requester: flow.requester.name,
      throughDate: flow.options.throughDate,
      location: flow.options.location,
      fingerprint: flow.fingerprint,
    },
    event.eventId,
  );
  if (unaudited) {
    await ctx.stores.flows.transition(flow.id, ['checking'], flow.state, {
      approvedBy: undefined,
      approvedAt: undefined,
    });
    return { toast: unaudited };
  }
  const progress = progressMessage(
    flow.id,
    `Batch ${batchId}`,
    { phase: 'checking', done: 0, total: 0 },
    at,
    ctx.config.timeZone,
  );
  ctx.state.lastProgress.set(flow.id, progress);
  // The invoke answer reaches the clicker only: the message itself shows everyone in a channel the new state
  // (before posting starts, so this first state can never overwrite a later one).
  await updateCard(ctx, cardRef(flow, event), progress);
  ctx.tasks.spawn('post-batch', () => postBatch(ctx, flow.id, event.message));
  return { message: progress };
}

/** "Alice is posting batch X (since 14:02)": the engine runs one batch at a time per Sage company. */
async function activeRunLine(ctx: BotContext): Promise<string | undefined> {
  try {
    const active = await ctx.engine.activeRun();
    if (!active) return undefined;
    return `${active.user.name} is posting batch ${active.batch} (${active.kind}) since ${formatInstant(active.since, ctx.config.timeZone)}. Approve again when it has finished.`;
  } catch (err) {
    ctx.logger.warn({ err }, 'activeRun failed; the engine will refuse a second run itself');
    return undefined;
  }
}

/** Refresh / show more: the flow as it is now, at a page. */
export async function show(ctx: BotContext, event: ActionEvent, page: number): Promise<ActionResponse> {
  const loaded = await loadFlow(ctx, event, ['preview', 'rerun', 'sync', 'batches']);
  if (!loaded.ok) return loaded.response;
  return { message: await renderFlow(ctx, loaded.flow, page) };
}
