/**
 * THE click deadline of sagebot: every action is answered within `actionDeadlineMs`, whatever the platform
 * (Teams gives an invoke about 5 s; Slack's 3 s ack is the adapter's own and comes first; the web chat waits on
 * the same invoke). Work that takes longer goes on in the background: the clicker gets the card as it stands
 * now (or a "working on it" line), and the real answer reaches the conversation through the Messenger when it
 * comes. Adapters do not keep a deadline of their own for clicks.
 */
import { within } from '../core/concurrency.ts';
import type { BotContext } from './context.ts';
import type { ActionEvent, ActionResponse } from './events.ts';
import { cardRef, renderFlow, updateCard } from './flows/common.ts';
import { isFlowId } from './ports.ts';

export const STILL_WORKING = 'Working on it: the card will update in a moment.';

/** The flow an action names, when it belongs to the clicked conversation. */
async function flowOf(ctx: BotContext, event: ActionEvent) {
  const id = event.data.flowId;
  if (!isFlowId(id)) return undefined;
  const flow = await ctx.stores.flows.get(id);
  return flow && flow.conversation.key === event.conversation.key ? flow : undefined;
}

/** What a click gets when its answer is late: the card as it stands, else a line saying the card will follow. */
async function placeholder(ctx: BotContext, event: ActionEvent): Promise<ActionResponse> {
  const flow = await flowOf(ctx, event).catch(() => undefined);
  return flow ? { message: await renderFlow(ctx, flow) } : { toast: STILL_WORKING };
}

/** The late answer, through the Messenger: the card as it stands then, and any line for the clicker. */
async function deliverLate(ctx: BotContext, event: ActionEvent, answer: ActionResponse): Promise<void> {
  const flow = await flowOf(ctx, event);
  if (flow) await updateCard(ctx, cardRef(flow, event), await renderFlow(ctx, flow));
  else if (answer.message) await updateCard(ctx, event.message, answer.message);
  if (answer.toast) await ctx.messenger.send(event.conversation, { text: answer.toast, private: true });
}

/**
 * `answer` within the deadline, else the placeholder now and the answer later (`deliver: false` for a repeated
 * delivery, whose first delivery already brings the answer).
 */
export async function answerInTime(
  ctx: BotContext,
  event: ActionEvent,
  answer: Promise<ActionResponse>,
  deliver = true,
): Promise<ActionResponse> {
  const timed = await within(answer, ctx.actionDeadlineMs);
  if (timed.done) return timed.value;
  ctx.logger.info({ verb: event.verb, eventId: event.eventId }, 'click answered before its work finished');
  if (deliver)
    ctx.tasks.spawn('late-answer', async () => {
      await deliverLate(ctx, event, await answer).catch((err: unknown) =>
        ctx.logger.warn({ err, eventId: event.eventId }, 'late answer not delivered'),
      );
    });
  return placeholder(ctx, event);
}
