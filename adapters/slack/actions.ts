/**
 * Button clicks (block_actions). The batch number is typed in the preview message's own input block and read
 * from `state.values` on the Approve click (no modal: one message holds the whole flow). Acked first thing,
 * inside Slack's 3 seconds; then the bot decides (approver check, idempotency from its own flow state) and
 * the clicked message is updated with its answer. The actor is always the real `body.user.id`; nothing in the card is trusted.
 * Clicks on one message are handled one after another; the same click delivered twice keeps one eventId, so
 * the bot does it once and its answer is shown once.
 */
import type { App, RespondFn } from '@slack/bolt';
import type { ActionEvent, ActionResponse } from '../../bot/events.ts';
import { createKeyedMutex } from '../../bot/index.ts';
import { escapeMrkdwn } from '../../cards/index.ts';
import { safeMessage } from '../../core/errors.ts';
import type { SlackContext } from './context.ts';
import { describeSlackError } from './messenger.ts';
import { clampText } from './text.ts';
import { actionEventFrom, type BlockActionsBody } from './translate.ts';

/** Elements that only hold input (typing in them does not ask for anything). */
const INPUT_ELEMENTS = new Set([
  'plain_text_input',
  'number_input',
  'datepicker',
  'timepicker',
  'email_text_input',
  'url_text_input',
]);

export function registerActionListeners(app: App, ctx: SlackContext): void {
  // Answers to clicks on one message are rendered in click order (each reads the message's version after the
  // one before); the bot answers each within its deadline, so the queue cannot stall.
  const lock = createKeyedMutex();
  app.action(/.*/, async ({ ack, body, action, respond }) => {
    await ack();
    if (body.type !== 'block_actions') return;
    const a = action as unknown as Record<string, unknown>;
    if (typeof a.type === 'string' && INPUT_ELEMENTS.has(a.type)) return;
    const clicked = actionEventFrom(body as unknown as BlockActionsBody, a);
    if (!clicked) return;
    const lockKey = `${clicked.channel}:${clicked.messageTs ?? clicked.userId}`;
    await ctx.track(lock.run(lockKey, () => runAction(ctx, clicked.event, respond)));
  });
}

async function runAction(ctx: SlackContext, event: ActionEvent, respond: RespondFn | undefined): Promise<void> {
  const ref = event.message;
  const since = ref ? ctx.messenger.version(ref) : 0;
  // The display name (users.info) reads better than the handle Slack puts in the payload.
  const named = await ctx.names(event.actor.id);
  const ev = named ? { ...event, actor: { ...event.actor, name: named } } : event;
  let res: ActionResponse;
  try {
    res = await ctx.bot.onAction(ev);
  } catch (e) {
    ctx.logger.error({ err: e, verb: event.verb, eventId: event.eventId }, 'slack: the bot failed on a click');
    res = { toast: safeMessage(e) };
  }
  if (res.repeated) return; // the same click delivered again: its first delivery shows the answer
  if (res.message && ref) {
    // The bot may already have moved the card on (progress); then its newer update stands.
    ctx.messenger
      .updateIfCurrent(ref, res.message, since)
      .catch((e) => ctx.logger.warn({ err: describeSlackError(e) }, 'slack: could not update the clicked message'));
  } else if (res.message) {
    await ctx.messenger
      .send(event.conversation, res.message)
      .catch((e) => ctx.logger.warn({ err: describeSlackError(e) }, 'slack: could not post the answer to a click'));
  }
  if (res.toast) await toast(ctx, event, res.toast, respond);
}

/** A line only the clicker sees: chat.postEphemeral, else the interaction's response_url. */
async function toast(
  ctx: SlackContext,
  event: ActionEvent,
  text: string,
  respond: RespondFn | undefined,
): Promise<void> {
  const safe = clampText(escapeMrkdwn(text));
  try {
    await ctx.client.chat.postEphemeral({
      channel: event.conversation.id,
      user: event.actor.id,
      text: safe,
      ...(event.conversation.threadId ? { thread_ts: event.conversation.threadId } : {}),
    });
  } catch (e) {
    ctx.logger.debug({ err: describeSlackError(e) }, 'slack: chat.postEphemeral failed; trying response_url');
    await respond?.({ response_type: 'ephemeral', replace_original: false, text: safe }).catch((e2) =>
      ctx.logger.warn({ err: describeSlackError(e2) }, 'slack: could not tell the user'),
    );
  }
}
