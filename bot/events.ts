/**
 * The neutral boundary between the platform adapters and the conversation. Adapters translate Teams / Slack /
 * web-chat traffic into these events, call the Bot, and render what it sends with cards/ renderers.
 * Nothing here knows a platform SDK.
 */
import type { CardView } from '../cards/view-models.ts';

/** 'system' is sagebot itself (the schedule): it never sends messages, it only acts and is audited. */
export type Platform = 'teams' | 'slack' | 'webchat' | 'cli' | 'system';

/** The person behind an event, as the platform identifies them (checked server-side for approvals). */
export interface Actor {
  platform: Platform;
  /** Platform user id: Teams AAD object id, Slack user id, the CLI's OS user name, the web chat's fixed id. */
  id: string;
  name: string;
  /** Teams: AAD object id and UPN when known; matched against SAGEBOT_APPROVERS too. */
  aadObjectId?: string;
  upn?: string;
}

/** Where an event happened and where replies/alerts go. `key` is stable and unique across platforms. */
export interface Conversation {
  platform: Platform;
  /** Platform conversation/channel id. */
  id: string;
  /** `${platform}:${id}`, used as the storage key. */
  key: string;
  isChannel: boolean;
  name?: string;
  threadId?: string;
}

export interface MessageEvent {
  type: 'message';
  /** Platform event id, for de-duplication of retries. */
  eventId: string;
  /** Text with the bot mention already removed. */
  text: string;
  actor: Actor;
  conversation: Conversation;
}

export interface ActionEvent {
  type: 'action';
  eventId: string;
  /** One of cards/actions.ts VERBS; anything else is answered calmly as unknown. */
  verb: string;
  /** Action data merged with the card's input values (untrusted: validate everything). */
  data: Record<string, unknown>;
  actor: Actor;
  conversation: Conversation;
  /** The message that holds the card that was clicked, when the platform tells. */
  message?: MessageRef;
}

export interface OutgoingMessage {
  /** Plain-text fallback (notifications, Slack `text`, screen readers). Always set. */
  text: string;
  card?: CardView;
  /** Only the person who asked needs it (help, "did not understand"): platforms that can, show it to them alone. */
  private?: boolean;
}

/** An opaque handle to a sent message, enough for the adapter that made it to update it later. */
export interface MessageRef {
  platform: Platform;
  conversationKey: string;
  messageId: string;
  /** Adapter-private data (e.g. Slack channel id); the bot stores it but never reads it. */
  extra?: Record<string, string>;
}

/** Sends and updates messages outside a turn (progress, results, alerts). Implemented by each adapter. */
export interface Messenger {
  send(conversation: Conversation, message: OutgoingMessage): Promise<MessageRef>;
  update(ref: MessageRef, message: OutgoingMessage): Promise<void>;
}

/** Replies within the current turn (quick acknowledgement, preview card). */
export interface Replier {
  reply(message: OutgoingMessage): Promise<MessageRef>;
}

/** What an action answers at once (Teams invoke response / Slack ack-time update). */
export interface ActionResponse {
  /** Replacement for the clicked card, shown immediately. */
  message?: OutgoingMessage;
  /** A short line for the clicker alone (refusals, "already running"). */
  toast?: string;
  /** The answer to a delivery seen before (same eventId): adapters need not show its line again. */
  repeated?: boolean;
}

/** The bot was added to a conversation (Teams install, the web chat's first load): a greeting, not a command. */
export interface WelcomeEvent {
  type: 'welcome';
  eventId: string;
  conversation: Conversation;
}

export interface Bot {
  onMessage(event: MessageEvent, replier: Replier): Promise<void>;
  /**
   * Answers within the bot's click deadline (bot/deadline.ts): long work continues in the background and updates
   * via the Messenger. A delivery seen before (same eventId) is answered, not done again (bot/dedupe.ts).
   */
  onAction(event: ActionEvent): Promise<ActionResponse>;
  /** Greets a conversation the bot has just joined with what it can do. Optional: a bot may stay quiet. */
  onWelcome?(event: WelcomeEvent, replier: Replier): Promise<void>;
}
