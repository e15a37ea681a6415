/**
 * Inbound translation: Bot Framework activities (Teams or the local web chat) -> the neutral events of
 * bot/events.ts. Everything in an activity is untrusted: text is cleaned and capped, action data is copied
 * into plain objects, and malformed card actions are described, not thrown. Who is speaking is not read here:
 * the caller passes the actor that identity.ts proved.
 */
import { type Activity, TurnContext } from 'botbuilder';
import type { ActionEvent, Actor, Conversation, MessageEvent, MessageRef, Platform } from '../../bot/events.ts';

/** The Bot Framework channel id the local web chat uses (the same one Microsoft's Web Chat uses). */
export const WEBCHAT_CHANNEL = 'webchat';
/** Longest message text handed to the bot; Teams itself caps messages at about 28 KB. */
export const MAX_TEXT = 8_000;
/** Largest action payload (verb data plus inputs) accepted from a card, as JSON. */
export const MAX_ACTION_JSON = 32_000;

export type AdapterPlatform = Extract<Platform, 'teams' | 'webchat'>;

export function conversationKey(platform: AdapterPlatform, id: string): string {
  return `${platform}:${id}`;
}

export function toConversation(activity: Partial<Activity>, platform: AdapterPlatform): Conversation {
  const c = activity.conversation;
  const id = String(c?.id ?? '');
  const type = c?.conversationType;
  const channelData = (activity.channelData ?? {}) as { channel?: { name?: unknown }; team?: { name?: unknown } };
  const thread = /;messageid=(\d+)/.exec(id);
  const name =
    typeof c?.name === 'string'
      ? c.name
      : typeof channelData.channel?.name === 'string'
        ? channelData.channel.name
        : undefined;
  return {
    platform,
    id,
    key: conversationKey(platform, id),
    isChannel: type === 'channel' || type === 'groupChat',
    ...(name ? { name } : {}),
    ...(thread ? { threadId: thread[1] } : {}),
  };
}

const ENTITIES: Record<string, string> = {
  '&nbsp;': ' ',
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&apos;': "'",
};

/** The text of a message with the bot's @mention removed, markup stripped and length capped. */
export function messageText(activity: Activity): string {
  let text = typeof activity.text === 'string' ? activity.text : '';
  if (text.length > MAX_TEXT * 4) text = text.slice(0, MAX_TEXT * 4);
  if (activity.recipient?.id && Array.isArray(activity.entities)) {
    try {
      text = TurnContext.removeRecipientMention({ ...activity, text }) ?? text;
    } catch {
      // A malformed mention entity is not worth failing the turn for; the tag strip below still applies.
    }
  }
  text = text
    .replace(/<at[^>]*>[\s\S]*?<\/at>/gi, ' ')
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<[^>]{0,200}>/g, '')
    .replace(/&(nbsp|amp|lt|gt|quot|#39|apos);/g, (m) => ENTITIES[m] ?? m)
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
}

export function toMessageEvent(activity: Activity, actor: Actor): MessageEvent {
  return {
    type: 'message',
    eventId: String(activity.id ?? `${activity.conversation?.id}:${activity.timestamp ?? Date.now()}`),
    text: messageText(activity),
    actor,
    conversation: toConversation(activity, platformOfActor(actor)),
  };
}

function platformOfActor(actor: Actor): AdapterPlatform {
  return actor.platform === 'webchat' ? 'webchat' : 'teams';
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/** A plain, prototype-free copy of untrusted JSON object data (one level of keys checked, values kept as JSON). */
export function plainData(value: unknown): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (FORBIDDEN_KEYS.has(k) || typeof v === 'function') continue;
    out[k] = v;
  }
  return out;
}

export type ParsedAction =
  | { ok: true; verb: string; data: Record<string, unknown> }
  | { ok: false; status: 400; code: 'BadRequest' | 'NotSupported'; message: string }
  | { ok: false; status: 200; message: string };

function actionFrom(verb: unknown, data: unknown): ParsedAction {
  let size = 0;
  try {
    size = JSON.stringify(data ?? {}).length;
  } catch {
    return { ok: false, status: 200, message: 'That button could not be read. Please ask again for a fresh card.' };
  }
  if (size > MAX_ACTION_JSON)
    return {
      ok: false,
      status: 200,
      message: 'That button carried more data than sagebot accepts. Please ask again for a fresh card.',
    };
  if (typeof verb !== 'string' || verb.trim() === '' || verb.length > 100) {
    return {
      ok: false,
      status: 200,
      message: 'That button is not one sagebot knows. Type "help" to see what it can do.',
    };
  }
  const clean = plainData(data);
  delete clean.verb;
  return { ok: true, verb: verb.trim(), data: clean };
}

/** An `adaptiveCard/action` invoke: `value.action` must be an Action.Execute; its data already holds the inputs. */
export function parseExecuteInvoke(activity: Activity): ParsedAction {
  const value = activity.value as { action?: unknown } | undefined;
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, status: 400, code: 'BadRequest', message: 'The card action had no value.' };
  }
  const action = value.action as { type?: unknown; verb?: unknown; data?: unknown } | undefined;
  if (!action || typeof action !== 'object' || Array.isArray(action)) {
    return { ok: false, status: 400, code: 'BadRequest', message: 'The card action had no action.' };
  }
  if (action.type !== 'Action.Execute') {
    return {
      ok: false,
      status: 400,
      code: 'NotSupported',
      message: `The card action type ${JSON.stringify(String(action.type)).slice(0, 60)} is not supported; sagebot cards use Action.Execute.`,
    };
  }
  return actionFrom(action.verb, action.data);
}

/** An Action.Submit press (the fallback): a message whose `value` is the button data merged with the inputs. */
export function parseSubmitValue(activity: Activity): ParsedAction {
  const value = plainData(activity.value);
  if (typeof value.verb === 'string') return actionFrom(value.verb, value);
  // Some clients wrap the press like an invoke: { action: { verb, data }, ...inputs }.
  const nested = plainData(value.action);
  const { action: _wrapper, ...inputs } = value;
  return actionFrom(nested.verb, { ...plainData(nested.data), ...inputs });
}

/** True when a message activity is a card button press (Action.Submit) rather than typed text. */
export function isSubmit(activity: Activity): boolean {
  const v = activity.value;
  return (
    Boolean(v && typeof v === 'object' && !Array.isArray(v)) &&
    !(typeof activity.text === 'string' && activity.text.trim())
  );
}

export function toActionEvent(
  activity: Activity,
  actor: Actor,
  parsed: { verb: string; data: Record<string, unknown> },
): ActionEvent {
  const platform = platformOfActor(actor);
  const conversation = toConversation(activity, platform);
  const replyTo =
    typeof activity.replyToId === 'string' && activity.replyToId && activity.replyToId !== '-1'
      ? activity.replyToId
      : undefined;
  const message: MessageRef | undefined = replyTo
    ? { platform, conversationKey: conversation.key, messageId: replyTo }
    : undefined;
  return {
    type: 'action',
    eventId: String(activity.id ?? `${conversation.id}:${parsed.verb}:${Date.now()}`),
    verb: parsed.verb,
    data: parsed.data,
    actor,
    conversation,
    ...(message ? { message } : {}),
  };
}
