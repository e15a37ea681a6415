/**
 * One Bot Framework turn, routed in a fixed order with the deadline-bound route first (Teams gives card
 * actions a few seconds; the bot answers every click within its own deadline, bot/deadline.ts, so the invoke
 * waits for the bot): adaptiveCard/action invoke -> Action.Submit press -> typed message -> the bot being
 * added (greeting) -> other install / membership updates. Each route translates, calls the bot, and renders;
 * nothing here decides business.
 * Errors never escape: the user gets a calm line, the log gets the cause.
 */

import { type Activity, type ConversationReference, TurnContext } from 'botbuilder';
import type {
  ActionEvent,
  ActionResponse,
  Actor,
  Bot,
  MessageRef,
  Messenger,
  OutgoingMessage,
  Replier,
} from '../../bot/events.ts';
import { within } from '../../core/concurrency.ts';
import { safeMessage } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import {
  type AdapterPlatform,
  isSubmit,
  type ParsedAction,
  parseExecuteInvoke,
  parseSubmitValue,
  toActionEvent,
  toConversation,
  toMessageEvent,
} from './activity-in.ts';
import {
  type CardRenderer,
  type InvokeResult,
  invokeError,
  invokeFromResponse,
  invokeToast,
  toActivity,
} from './activity-out.ts';
import type { ReferenceStore } from './conversation-store.ts';
import { actorOf, type Trust, UNIDENTIFIED } from './identity.ts';
import type { UpnLookup } from './members.ts';

export interface TurnDeps {
  /** The bot, once attached (turns before that get a "starting" line). */
  bot: () => Bot | undefined;
  render: CardRenderer;
  messenger: Messenger;
  references: ReferenceStore;
  /** How speakers are identified (identity.ts); fixed for the server's life. */
  trust: Trust;
  upn: UpnLookup;
  logger: Logger;
  /** How long a message turn stays open; later replies go out proactively (Bot Framework's turn, not a click's). */
  messageDeadlineMs: number;
}

const NOT_READY = 'sagebot is still starting. Try again in a few seconds.';

function errorMessage(e: unknown): OutgoingMessage {
  const text = safeMessage(e);
  return { text, card: { kind: 'notice', tone: 'error', title: 'Something went wrong', text } };
}

export function createTurnHandler(deps: TurnDeps): (ctx: TurnContext) => Promise<void> {
  return async (ctx) => {
    const activity = ctx.activity;
    const log = deps.logger.child({ activityId: activity.id, type: activity.type, channel: activity.channelId });
    try {
      await remember(deps, activity);
      if (activity.type === 'invoke') return await onInvoke(deps, ctx, log);
      if (activity.type === 'message' && isSubmit(activity)) return await onSubmit(deps, ctx, log);
      if (activity.type === 'message') return await onMessage(deps, ctx, log);
      if (activity.type === 'conversationUpdate' && botAdded(activity)) return await onWelcome(deps, ctx);
      // Other updates, installationUpdate, typing, reactions: the reference is all we need.
    } catch (e) {
      log.error({ err: e }, 'teams: turn failed');
      if (activity.type === 'invoke') await setInvokeResponse(ctx, invokeToast(safeMessage(e))).catch(() => undefined);
    }
  };
}

function platformOf(deps: TurnDeps): AdapterPlatform {
  return deps.trust.mode === 'local' ? 'webchat' : 'teams';
}

async function remember(deps: TurnDeps, activity: Activity): Promise<void> {
  const platform = platformOf(deps);
  if (platform !== 'teams' || !activity.conversation?.id || !activity.serviceUrl) return;
  const conversation = toConversation(activity, platform);
  const reference = TurnContext.getConversationReference(activity);
  // A channel thread's id ends in ";messageid=N"; the channel itself (where alerts start new posts) is the id
  // without it, so its reference is kept too.
  const root = conversation.id.replace(/;messageid=\d+$/, '');
  const refs: Array<[string, Partial<ConversationReference>]> = [[conversation.key, reference]];
  if (root !== conversation.id)
    refs.push([`teams:${root}`, { ...reference, conversation: { ...reference.conversation!, id: root } }]);
  for (const [key, ref] of refs) {
    // Losing a reference only costs proactive posts to this chat until its next message; never the turn.
    await deps.references
      .remember(key, ref)
      .catch((e: unknown) => deps.logger.warn({ err: e, key }, 'teams: could not store the conversation reference'));
  }
}

async function setInvokeResponse(ctx: TurnContext, result: InvokeResult): Promise<void> {
  await ctx.sendActivity({ type: 'invokeResponse', value: { status: result.status, body: result.body } });
}

/** The proven speaker of this turn (identity.ts), with the roster's UPN in Teams; undefined when unknown. */
async function actorIn(deps: TurnDeps, ctx: TurnContext): Promise<Actor | undefined> {
  if (deps.trust.mode === 'local') return actorOf(ctx.activity, deps.trust);
  if (!actorOf(ctx.activity, deps.trust)) return undefined;
  return actorOf(ctx.activity, deps.trust, await deps.upn(ctx));
}

/** The bot's answer to a click; the bot keeps the click deadline (bot/deadline.ts), so this just waits for it. */
async function runAction(deps: TurnDeps, event: ActionEvent, log: Logger): Promise<ActionResponse> {
  const bot = deps.bot();
  if (!bot) return { toast: NOT_READY };
  return bot.onAction(event).catch((e: unknown): ActionResponse => {
    log.error({ err: e, verb: event.verb }, 'teams: bot.onAction failed');
    return { toast: safeMessage(e) };
  });
}

async function onInvoke(deps: TurnDeps, ctx: TurnContext, log: Logger): Promise<void> {
  const activity = ctx.activity;
  if (activity.name !== 'adaptiveCard/action') {
    log.info({ name: activity.name }, 'teams: unsupported invoke');
    return setInvokeResponse(
      ctx,
      invokeError(
        400,
        'NotSupported',
        `sagebot does not handle "${String(activity.name ?? '').slice(0, 60)}" requests.`,
      ),
    );
  }
  const parsed = parseExecuteInvoke(activity);
  if (!parsed.ok) return setInvokeResponse(ctx, refusal(parsed));
  const actor = await actorIn(deps, ctx);
  if (!actor) return setInvokeResponse(ctx, invokeError(403, 'Unidentified', UNIDENTIFIED));
  const event = toActionEvent(activity, actor, parsed);
  const answer = await runAction(deps, event, log);
  await setInvokeResponse(ctx, invokeFromResponse(answer, deps.render));
  // Teams shows either a card or a toast for an invoke; a toast that comes with a card goes out as a line
  // (not again for a repeated delivery of the same invoke).
  if (answer.message?.card && answer.toast && !answer.repeated) {
    await ctx
      .sendActivity({ type: 'message', text: answer.toast })
      .catch((e: unknown) => log.warn({ err: e }, 'teams: toast line not sent'));
  }
}

function refusal(parsed: Exclude<ParsedAction, { ok: true }>): InvokeResult {
  return parsed.status === 400 ? invokeError(400, parsed.code, parsed.message) : invokeToast(parsed.message);
}

async function onSubmit(deps: TurnDeps, ctx: TurnContext, log: Logger): Promise<void> {
  const activity = ctx.activity;
  const parsed = parseSubmitValue(activity);
  if (!parsed.ok) {
    await ctx.sendActivity({ type: 'message', text: parsed.message });
    return;
  }
  const actor = await actorIn(deps, ctx);
  if (!actor) {
    await ctx.sendActivity({ type: 'message', text: UNIDENTIFIED });
    return;
  }
  const event = toActionEvent(activity, actor, parsed);
  const { message, toast, repeated } = await runAction(deps, event, log);
  if (message?.card && event.message) {
    await ctx.updateActivity({ ...toActivity(message, deps.render), id: event.message.messageId });
  } else if (message) {
    await ctx.sendActivity(toActivity(message, deps.render));
  }
  if (toast && !repeated) await ctx.sendActivity({ type: 'message', text: toast });
}

async function onMessage(deps: TurnDeps, ctx: TurnContext, log: Logger): Promise<void> {
  const actor = await actorIn(deps, ctx);
  if (!actor) {
    await ctx.sendActivity({ type: 'message', text: UNIDENTIFIED });
    return;
  }
  const event = toMessageEvent(ctx.activity, actor);
  const bot = deps.bot();
  if (!bot) {
    await ctx.sendActivity({ type: 'message', text: NOT_READY });
    return;
  }
  const replier = new TurnReplier(ctx, deps, event.conversation);
  const work = bot.onMessage(event, replier).catch(async (e: unknown) => {
    log.error({ err: e }, 'teams: bot.onMessage failed');
    await replier
      .reply(errorMessage(e))
      .catch((err: unknown) => log.warn({ err }, 'teams: could not report a failure'));
  });
  try {
    const finished = await within(work, deps.messageDeadlineMs);
    if (!finished.done) log.info('teams: message turn released; the bot continues in the background');
  } finally {
    replier.close();
  }
}

/** The bot itself is among the members added (Teams: installed in this chat; the web chat: its first load). */
function botAdded(activity: Activity): boolean {
  const botId = activity.recipient?.id;
  return Boolean(botId) && (activity.membersAdded ?? []).some((m) => m?.id === botId);
}

async function onWelcome(deps: TurnDeps, ctx: TurnContext): Promise<void> {
  const bot = deps.bot();
  if (!bot?.onWelcome) return;
  const activity = ctx.activity;
  const conversation = toConversation(activity, platformOf(deps));
  const replier = new TurnReplier(ctx, deps, conversation);
  try {
    await within(
      bot.onWelcome({ type: 'welcome', eventId: String(activity.id ?? ''), conversation }, replier),
      deps.messageDeadlineMs,
    );
  } finally {
    replier.close();
  }
}

/** Replies inside the turn while it is open (threaded under the user's message); afterwards proactively. */
class TurnReplier implements Replier {
  private open = true;
  constructor(
    private readonly ctx: TurnContext,
    private readonly deps: TurnDeps,
    private readonly conversation: ReturnType<typeof toConversation>,
  ) {}

  close(): void {
    this.open = false;
  }

  async reply(message: OutgoingMessage): Promise<MessageRef> {
    if (!this.open) return this.deps.messenger.send(this.conversation, message);
    const sent = await this.ctx.sendActivity(toActivity(message, this.deps.render));
    return { platform: this.conversation.platform, conversationKey: this.conversation.key, messageId: sent?.id ?? '' };
  }
}
