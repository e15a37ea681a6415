/**
 * Conversation entry points: @mentions in channels (`app_mention`), direct messages (`message` in an IM)
 * and the `/sagebot` slash command (SLACK_COMMAND in ./manifest.ts). The bot events are the manifest's list
 * (SLACK_BOT_EVENTS), so slack-manifest.yml, its test and these listeners cannot disagree. Events are acked by
 * bolt before we run; the command is acked first thing. Each message reaches the bot once: retried deliveries
 * and the same message arriving as two event types are dropped.
 */
import type { App, RespondFn } from '@slack/bolt';
import type { MessageEvent, MessageRef, OutgoingMessage, Replier } from '../../bot/events.ts';
import { safeMessage } from '../../core/errors.ts';
import type { SlackContext } from './context.ts';
import { SLACK_BOT_EVENTS, type SlackBotEvent } from './manifest.ts';
import { slackErrorCode } from './messenger.ts';
import { commandEventFrom, messageEventFrom, type SlackMessageLike } from './translate.ts';

interface SlackEventLike extends SlackMessageLike {
  subtype?: unknown;
  bot_id?: unknown;
  channel_type?: unknown;
}

/** One listener per bot event the manifest subscribes to: the type makes the two lists the same list. */
const EVENT_LISTENERS: Record<SlackBotEvent, (app: App, ctx: SlackContext) => void> = {
  app_mention: (app, ctx) =>
    app.event('app_mention', async ({ event }) => {
      await handleMessageEvent(ctx, event as SlackEventLike);
    }),
  'message.im': (app, ctx) =>
    app.event('message', async ({ event }) => {
      const ev = event as SlackEventLike;
      if (ev.channel_type !== 'im') return; // channel traffic reaches us as app_mention only
      await handleMessageEvent(ctx, ev);
    }),
};

export function registerMessageListeners(app: App, ctx: SlackContext): void {
  for (const name of SLACK_BOT_EVENTS) EVENT_LISTENERS[name](app, ctx);
  // SLACK_COMMAND (/sagebot) is what the manifest installs; Slack only ever sends this app its own commands,
  // so a workspace that renamed it (e.g. /sage) keeps working.
  app.command(/^\//, async ({ ack, command, respond }) => {
    await ack();
    const event = commandEventFrom(command);
    if (!event) return;
    await ctx.track(runBot(ctx, withName(ctx, event), commandReplier(ctx, event, respond)));
  });
}

async function handleMessageEvent(ctx: SlackContext, ev: SlackEventLike): Promise<void> {
  if (ev.subtype != null || (ev.bot_id != null && ev.bot_id !== '')) return; // edits, joins, bots (ourselves too)
  if (typeof ev.user === 'string' && ev.user === ctx.botUserId) return;
  // One message can arrive as app_mention and as message.im (and again as a retry): the eventId names the
  // message (channel and ts), not the delivery, so the bot takes it once.
  const event = messageEventFrom(ev, ctx.botUserId);
  if (!event) return;
  const named = withName(ctx, event);
  await ctx.track(runBot(ctx, named, channelReplier(ctx, event)));
}

/** Replies in the channel; what only the asker needs (help) is shown to them alone, as Slack users expect. */
function channelReplier(ctx: SlackContext, event: MessageEvent): Replier {
  return {
    reply: (m) =>
      m.private
        ? ctx.messenger.sendPrivate(event.conversation, event.actor.id, m)
        : ctx.messenger.send(event.conversation, m),
  };
}

/** The display name from users.info when Slack gives one (else the handle or the id already in the event). */
function withName(ctx: SlackContext, event: MessageEvent): Promise<MessageEvent> {
  return ctx.names(event.actor.id).then((name) => (name ? { ...event, actor: { ...event.actor, name } } : event));
}

async function runBot(ctx: SlackContext, eventP: Promise<MessageEvent>, replier: Replier): Promise<void> {
  const event = await eventP;
  try {
    await ctx.bot.onMessage(event, replier);
  } catch (e) {
    ctx.logger.error({ err: e, eventId: event.eventId }, 'slack: the bot failed on a message');
    await replier.reply({ text: safeMessage(e) }).catch(() => undefined);
  }
}

/**
 * Slash commands can come from a channel sagebot is not in (or a DM between two people). Slack then refuses
 * our post; the user gets one note only they can see, saying how to reach sagebot, and the reply fails as is.
 * (Answering elsewhere would split the flow from its conversation, and clicks there would be refused.)
 */
function commandReplier(ctx: SlackContext, event: MessageEvent, respond: RespondFn): Replier {
  let told = false;
  return {
    async reply(message: OutgoingMessage): Promise<MessageRef> {
      try {
        if (message.private) return await ctx.messenger.sendPrivate(event.conversation, event.actor.id, message);
        return await ctx.messenger.send(event.conversation, message);
      } catch (e) {
        const code = slackErrorCode((e as { cause?: unknown }).cause);
        if ((code === 'not_in_channel' || code === 'channel_not_found') && !told) {
          told = true;
          await respond({ response_type: 'ephemeral', replace_original: false, text: NOT_IN_CHANNEL }).catch(
            () => undefined,
          );
        }
        throw e;
      }
    },
  };
}

const NOT_IN_CHANNEL =
  'I am not a member of this conversation, so I cannot answer here. Invite me with /invite @sagebot, or send me the command in a direct message.';
