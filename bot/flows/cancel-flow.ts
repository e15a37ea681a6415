/**
 * Cancel, from a card button or by typing "cancel": allowed at any point before posting starts (including
 * while the data is being re-checked after Approve). Once posting has begun it says so plainly: a posting that
 * has begun is finished by the engine (and resumed after a crash), never abandoned half-way.
 */

import { canCancel, toActorRef } from '../approvals.ts';
import { audit, type BotContext } from '../context.ts';
import type { ActionEvent, ActionResponse, MessageEvent, Replier } from '../events.ts';
import type { ActorRef, FlowRecord, FlowState } from '../ports.ts';
import { noticeMessage } from '../views/info-views.ts';
import { cardRef, loadFlow, refuse, renderFlow, updateCard } from './common.ts';
import { describePreview } from './supersede.ts';

const CANCELLABLE: FlowState[] = ['ready', 'blocked', 'stale', 'empty', 'rechecking', 'checking'];

type Outcome = { ok: true; flow: FlowRecord } | { ok: false; line: string; refused?: boolean };

async function cancelFlow(ctx: BotContext, flowId: string, actor: ActorRef): Promise<Outcome> {
  return ctx.locks.run(flowId, async () => {
    const flow = await ctx.stores.flows.get(flowId);
    if (!flow) return { ok: false, line: 'This card is no longer active.' };
    if (!canCancel(actor, flow.requester, ctx.policy)) {
      return {
        ok: false,
        refused: true,
        line: `Only ${flow.requester.name} (who asked) or an approver can cancel this.`,
      };
    }
    const moved = await ctx.stores.flows.transition(flowId, CANCELLABLE, 'cancelled', { cancelledBy: actor });
    if (moved.ok) return { ok: true, flow: moved.flow };
    return { ok: false, line: notCancellable(moved.flow ?? flow) };
  });
}

function notCancellable(flow: FlowRecord): string {
  if (flow.state === 'posting') {
    return `Posting of batch ${flow.batchId ?? ''} has begun and cannot be stopped now; the results will appear on the card when it finishes.`;
  }
  if (flow.state === 'done') return `Batch ${flow.batchId ?? ''} has already been posted; nothing to cancel.`;
  if (flow.state === 'cancelled') return 'This was already cancelled.';
  return 'There is nothing to cancel on this card.';
}

export async function cancelAction(ctx: BotContext, event: ActionEvent): Promise<ActionResponse> {
  const loaded = await loadFlow(ctx, event, ['preview', 'rerun']);
  if (!loaded.ok) return loaded.response;
  const actor = toActorRef(event.actor);
  const outcome = await cancelFlow(ctx, loaded.flow.id, actor);
  if (!outcome.ok)
    return outcome.refused
      ? refuse(ctx, event, loaded.flow, outcome.line, 'cancel-not-allowed')
      : { toast: outcome.line };
  await audit(
    ctx,
    'cancel',
    actor,
    { flowId: outcome.flow.id, kind: outcome.flow.kind, batch: outcome.flow.batchId, type: outcome.flow.type },
    event.eventId,
  );
  return { message: await renderFlow(ctx, outcome.flow) };
}

/** "cancel" typed in chat: the newest open flow in this conversation. */
export async function cancelByText(ctx: BotContext, event: MessageEvent, replier: Replier): Promise<void> {
  const actor = toActorRef(event.actor);
  const open = await ctx.stores.flows.list({
    conversationKey: event.conversation.key,
    states: [...CANCELLABLE, 'posting'],
  });
  const target = open.find((f) => f.type === 'preview' || f.type === 'rerun');
  if (!target) {
    await replier.reply(
      noticeMessage('info', 'Nothing to cancel', 'There is no open preview or rerun in this conversation.'),
    );
    return;
  }
  const outcome = await cancelFlow(ctx, target.id, actor);
  if (!outcome.ok) {
    if (outcome.refused)
      await audit(
        ctx,
        'refuse',
        actor,
        { verb: 'cancel', flowId: target.id, reason: 'cancel-not-allowed' },
        event.eventId,
      );
    await replier.reply(noticeMessage('warning', 'Not cancelled', outcome.line));
    return;
  }
  await audit(
    ctx,
    'cancel',
    actor,
    { flowId: target.id, kind: target.kind, batch: target.batchId, type: target.type },
    event.eventId,
  );
  await updateCard(ctx, cardRef(outcome.flow), await renderFlow(ctx, outcome.flow));
  await replier.reply(
    noticeMessage(
      'success',
      'Cancelled',
      `${target.type === 'rerun' ? `The rerun of batch ${target.batchId ?? ''}` : capitalise(describePreview(target))} was cancelled. Nothing was posted.`,
    ),
  );
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
