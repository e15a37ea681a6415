/**
 * Slack payloads -> neutral bot events (bot/events.ts). Pure functions over untrusted input: every field is
 * checked for type, text is cleaned of Slack markup and bounded, and nothing here decides anything.
 */

import type { ActionEvent, Actor, Conversation, MessageEvent, MessageRef } from '../../bot/events.ts';
import {
  INPUTS,
  isVerb,
  parseButtonValue,
  readBatchId,
  readChoices,
  readForce,
  verbFromActionId,
} from '../../cards/index.ts';
import { refFor } from './messenger.ts';

/** Longest command text handed to the bot; anything longer is cut (the parser never needs more). */
export const MAX_COMMAND_TEXT = 2000;
/** Longest button value we parse (Slack's own limit is 2,000 characters). */
const MAX_VALUE = 2000;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const obj = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** Slack channel ids: C (public), G (private / mpim), D (direct message); a user id (U/W) posts to the DM. */
export function isDirectChannel(channel: string): boolean {
  return /^[DUW]/.test(channel);
}

export function conversationFor(channel: string, threadTs?: string, name?: string): Conversation {
  return {
    platform: 'slack',
    id: channel,
    key: `slack:${channel}`,
    isChannel: !isDirectChannel(channel),
    ...(name ? { name } : {}),
    ...(threadTs ? { threadId: threadTs } : {}),
  };
}

export function actorFor(id: string, name?: string): Actor {
  return { platform: 'slack', id, name: name?.trim() || id };
}

/**
 * Message text as the user meant it: the bot's own mention removed (any leading mention when the bot id is
 * unknown), links and channel references reduced to their labels, Slack's &lt; &gt; &amp; decoded.
 */
export function cleanText(raw: unknown, botUserId?: string): string {
  let t = typeof raw === 'string' ? raw.slice(0, MAX_COMMAND_TEXT * 4) : '';
  t = botUserId
    ? t.replace(/<@([UW][A-Z0-9]+)(\|[^>]*)?>/g, (m, id: string) => (id === botUserId ? ' ' : m))
    : t.replace(/^\s*<@[UW][A-Z0-9]+(\|[^>]*)?>/, ' ');
  t = t
    .replace(/<#[CG][A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/<(?:https?|mailto|tel):[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<((?:https?|mailto|tel):[^>]*)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return t.length > MAX_COMMAND_TEXT ? t.slice(0, MAX_COMMAND_TEXT) : t;
}

export interface SlackMessageLike {
  user?: unknown;
  text?: unknown;
  channel?: unknown;
  ts?: unknown;
  thread_ts?: unknown;
}

/** app_mention / message.im event -> MessageEvent, or undefined when it lacks what a message needs. */
export function messageEventFrom(
  ev: SlackMessageLike,
  botUserId: string | undefined,
  userName?: string,
): MessageEvent | undefined {
  const user = str(ev.user);
  const channel = str(ev.channel);
  const ts = str(ev.ts);
  if (!user || !channel || !ts) return undefined;
  return {
    type: 'message',
    eventId: `slack:${channel}:${ts}`,
    text: cleanText(ev.text, botUserId),
    actor: actorFor(user, userName),
    conversation: conversationFor(channel, str(ev.thread_ts)),
  };
}

export interface SlashCommandLike {
  user_id?: unknown;
  user_name?: unknown;
  channel_id?: unknown;
  channel_name?: unknown;
  text?: unknown;
  trigger_id?: unknown;
}

export function commandEventFrom(cmd: SlashCommandLike): MessageEvent | undefined {
  const user = str(cmd.user_id);
  const channel = str(cmd.channel_id);
  if (!user || !channel) return undefined;
  const channelName = str(cmd.channel_name);
  return {
    type: 'message',
    eventId: `slack:command:${str(cmd.trigger_id) ?? `${channel}:${user}:${Date.now()}`}`,
    text: cleanText(cmd.text),
    actor: actorFor(user, str(cmd.user_name)),
    conversation: conversationFor(channel, undefined, channelName === 'directmessage' ? undefined : channelName),
  };
}

/**
 * What a click carries for the bot: the validated button value (`{ flowId, page, ... }`, cards/slack/ids.ts)
 * and the inputs of the message or modal: the typed batch number and the Force checkbox when present.
 */
export function actionData(value: unknown, state: unknown): Record<string, unknown> {
  const data: Record<string, unknown> = { ...parseButtonValue(value) };
  const values = obj(obj(state)?.values) as Parameters<typeof readBatchId>[0];
  const batchId = readBatchId(values);
  if (batchId !== undefined) data[INPUTS.batchId] = batchId.slice(0, MAX_VALUE);
  if (values && Object.values(values).some((b) => obj(b)?.[INPUTS.force] !== undefined))
    data[INPUTS.force] = readForce(values);
  Object.assign(data, readChoices(values));
  return data;
}

/** The verb of a clicked element: its action id, less the `:hint` that keeps ids unique in a message. */
export function verbOf(actionId: string): string {
  return verbFromActionId(actionId) ?? (isVerb(actionId) ? actionId : actionId.slice(0, 255));
}

export interface BlockActionsBody {
  user?: { id?: unknown; name?: unknown; username?: unknown };
  channel?: { id?: unknown; name?: unknown };
  container?: { channel_id?: unknown; message_ts?: unknown; thread_ts?: unknown };
  message?: { ts?: unknown; thread_ts?: unknown };
  state?: unknown;
  actions?: unknown;
}

export interface ClickedAction {
  event: ActionEvent;
  channel: string;
  messageTs?: string;
  userId: string;
  /** Dedup key: the same click delivered twice (same action_ts and user). */
  clickKey: string;
}

/** block_actions -> ActionEvent for the first action. `actor.id` is the real `body.user.id`, nothing from the card. */
export function actionEventFrom(body: BlockActionsBody, action: Record<string, unknown>): ClickedAction | undefined {
  const userId = str(body.user?.id);
  const channel = str(body.channel?.id) ?? str(body.container?.channel_id);
  const actionId = str(action.action_id);
  if (!userId || !channel || !actionId) return undefined;
  const messageTs = str(body.message?.ts) ?? str(body.container?.message_ts);
  const threadTs = str(body.message?.thread_ts) ?? str(body.container?.thread_ts);
  const data = actionData(action.value, body.state);
  const actionTs = str(action.action_ts) ?? '';
  const clickKey = `click:${channel}:${messageTs ?? '-'}:${actionId}:${actionTs}:${userId}`;
  const conversation = conversationFor(
    channel,
    threadTs && threadTs !== messageTs ? threadTs : undefined,
    str(body.channel?.name),
  );
  const message: MessageRef | undefined = messageTs ? refFor(conversation.key, channel, messageTs) : undefined;
  const event: ActionEvent = {
    type: 'action',
    eventId: `slack:${clickKey}`,
    verb: verbOf(actionId),
    data,
    actor: actorFor(userId, str(body.user?.name) ?? str(body.user?.username)),
    conversation,
    ...(message ? { message } : {}),
  };
  return { event, channel, messageTs, userId, clickKey };
}
