/**
 * Button clicks (block_actions) and modal submissions (view_submission). Acked first thing, inside Slack's
 * 3 seconds; then the bot decides (approver check, idempotency from its own flow state) and the clicked message
 * is updated with its answer. The actor is always the real `body.user.id`; nothing in the card is trusted.
 * Clicks on one message are handled one after another, and the same click delivered twice is dropped.
 */
import type { App, RespondFn } from '@slack/bolt';
import { safeMessage } from '../../core/errors.ts';
import type { ActionEvent, ActionResponse } from '../../bot/events.ts';
import type { SlackContext } from './context.ts';
import { createKeyedLock } from './context.ts';
import { describeSlackError } from './messenger.ts';
import { clampText, escapeSlackText } from './text.ts';
import { actionData, actionEventFrom, actorFor, conversationFor, parseJsonObject, verbOf, type BlockActionsBody } from './translate.ts';
import { refFor } from './messenger.ts';

/** Elements that only hold input (typing in them does not ask for anything). */
const INPUT_ELEMENTS = new Set(['plain_text_input', 'number_input', 'datepicker', 'timepicker', 'email_text_input', 'url_text_input']);

export function registerActionListeners(app: App, ctx: SlackContext): void {
  const lock = createKeyedLock();
  app.action(/.*/, async ({ ack, body, action, respond }) => {
    await ack();
    if (body.type !== 'block_actions') return;
    const a = action as unknown as Record<string, unknown>;
    if (typeof a.type === 'string' && INPUT_ELEMENTS.has(a.type)) return;
    const clicked = actionEventFrom(body as unknown as BlockActionsBody, a);
    if (!clicked || !ctx.seen.firstTime(clicked.clickKey)) return;
    const lockKey = `${clicked.channel}:${clicked.messageTs ?? clicked.userId}`;
    await ctx.track(lock(lockKey, () => runAction(ctx, clicked.event, respond)));
  });
  app.view(/.*/, async ({ ack, body, view }) => {
    await ack();
    if (body.type !== 'view_submission') return;
    const event = viewEventFrom(body as unknown as ViewBody, view as unknown as ViewLike);
    if (!event || !ctx.seen.firstTime(`view:${(view as { id?: string }).id}:${(view as { hash?: string }).hash}`)) return;
    const lockKey = event.message ? `${event.conversation.id}:${event.message.messageId}` : event.actor.id;
    await ctx.track(lock(lockKey, () => runAction(ctx, event, undefined)));
  });
}

async function runAction(ctx: SlackContext, event: ActionEvent, respond: RespondFn | undefined): Promise<void> {
  const ref = event.message;
  const since = ref ? ctx.messenger.version(ref) : 0;
  const named = await ctx.names(event.actor.id);
  const ev = named && event.actor.name === event.actor.id ? { ...event, actor: { ...event.actor, name: named } } : event;
  let res: ActionResponse;
  try {
    res = await ctx.bot.onAction(ev);
  } catch (e) {
    ctx.logger.error({ err: e, verb: event.verb, eventId: event.eventId }, 'slack: the bot failed on a click');
    res = { toast: safeMessage(e) };
  }
  if (res.message && ref) {
    // The bot may already have moved the card on (progress); then its newer update stands.
    ctx.messenger.updateIfCurrent(ref, res.message, since).catch((e) => ctx.logger.warn({ err: describeSlackError(e) }, 'slack: could not update the clicked message'));
  } else if (res.message) {
    await ctx.messenger.send(event.conversation, res.message).catch((e) => ctx.logger.warn({ err: describeSlackError(e) }, 'slack: could not post the answer to a click'));
  }
  if (res.toast) await toast(ctx, event, res.toast, respond);
}

/** A line only the clicker sees: chat.postEphemeral, else the interaction's response_url. */
async function toast(ctx: SlackContext, event: ActionEvent, text: string, respond: RespondFn | undefined): Promise<void> {
  const safe = clampText(escapeSlackText(text));
  try {
    await ctx.client.chat.postEphemeral({ channel: event.conversation.id, user: event.actor.id, text: safe, ...(event.conversation.threadId ? { thread_ts: event.conversation.threadId } : {}) });
  } catch (e) {
    ctx.logger.debug({ err: describeSlackError(e) }, 'slack: chat.postEphemeral failed; trying response_url');
    await respond?.({ response_type: 'ephemeral', replace_original: false, text: safe }).catch((e2) => ctx.logger.warn({ err: describeSlackError(e2) }, 'slack: could not tell the user'));
  }
}

interface ViewBody {
  user?: { id?: unknown; name?: unknown; username?: unknown };
}

interface ViewLike {
  callback_id?: unknown;
  private_metadata?: unknown;
  state?: unknown;
}

/**
 * A submitted modal -> ActionEvent. The modal carries in `private_metadata` only where it was opened from
 * (`{ verb, flowId, channel, ts }`); the submitter is `body.user.id`.
 */
export function viewEventFrom(body: ViewBody, view: ViewLike): ActionEvent | undefined {
  const userId = typeof body.user?.id === 'string' ? body.user.id : undefined;
  if (!userId) return undefined;
  const meta = parseJsonObject(view.private_metadata);
  const channel = typeof meta.channel === 'string' && /^[CGDUW][A-Z0-9]+$/.test(meta.channel) ? meta.channel : undefined;
  if (!channel) return undefined;
  const ts = typeof meta.ts === 'string' ? meta.ts : undefined;
  const conversation = conversationFor(channel, typeof meta.threadTs === 'string' ? meta.threadTs : undefined);
  const callback = typeof view.callback_id === 'string' ? view.callback_id : '';
  const { channel: _c, ts: _t, threadTs: _th, ...data } = meta;
  const name = typeof body.user?.name === 'string' ? body.user.name : typeof body.user?.username === 'string' ? body.user.username : undefined;
  return {
    type: 'action',
    eventId: `slack:view:${callback}:${userId}:${ts ?? ''}:${Date.now()}`,
    verb: verbOf(typeof data.verb === 'string' ? data.verb : callback),
    data: { ...actionData(JSON.stringify(data), view.state) },
    actor: actorFor(userId, name),
    conversation,
    ...(ts ? { message: refFor(conversation.key, channel, ts) } : {}),
  };
}
