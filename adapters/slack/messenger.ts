/**
 * The Slack `Messenger`: chat.postMessage for new messages, chat.update for updates, within Slack's rate limits.
 * Updates are coalesced: per message only the latest pending content is kept, and each channel gets at most one
 * chat.update per `minUpdateIntervalMs` (Slack allows about one per second). A 429 is waited out by the Web API
 * client itself (it honours Retry-After and retries, bounded by its retryConfig); meanwhile newer updates for the
 * same message simply replace the pending one.
 */
import type { types, webApi } from '@slack/bolt';
import type { Conversation, MessageRef, Messenger, OutgoingMessage } from '../../bot/events.ts';
import { SagebotError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import type { SlackRenderer } from './render-types.ts';

export interface SlackMessengerOptions {
  client: webApi.WebClient;
  render: SlackRenderer;
  logger: Logger;
  /** Minimum gap between two chat.update calls in one channel (default 1000 ms). */
  minUpdateIntervalMs?: number;
}

interface Waiter {
  resolve: () => void;
  reject: (e: unknown) => void;
}

interface Pending {
  channel: string;
  ts: string;
  message: OutgoingMessage;
  waiters: Waiter[];
}

interface ChannelLane {
  nextAt: number;
  running: boolean;
  /** Message keys with a pending update, oldest first. */
  queue: string[];
}

export interface SlackMessenger extends Messenger {
  /** How many updates were requested for this message so far (to tell whether a newer one exists). */
  version(ref: MessageRef): number;
  /** Update unless an update newer than `sinceVersion` was requested meanwhile (ack-time action answers). */
  updateIfCurrent(ref: MessageRef, message: OutgoingMessage, sinceVersion: number): Promise<void>;
  /** Resolves when no update is pending or in flight (tests, shutdown). */
  idle(): Promise<void>;
  /** A message only `user` sees (chat.postEphemeral); it cannot be updated later. */
  sendPrivate(conversation: Conversation, user: string, message: OutgoingMessage): Promise<MessageRef>;
}

/** The channel id a ref points at: our own `extra.channel`, else the conversation key without `slack:`. */
export function channelOf(ref: MessageRef): string {
  return ref.extra?.channel ?? ref.conversationKey.replace(/^slack:/, '');
}

export function refFor(conversationKey: string, channel: string, ts: string): MessageRef {
  return { platform: 'slack', conversationKey, messageId: ts, extra: { channel } };
}

export function createSlackMessenger(opts: SlackMessengerOptions): SlackMessenger {
  const { client, render, logger } = opts;
  const interval = opts.minUpdateIntervalMs ?? 1000;
  const pending = new Map<string, Pending>();
  const versions = new Map<string, number>();
  const lanes = new Map<string, ChannelLane>();
  const idleWaiters: Array<() => void> = [];

  const keyOf = (channel: string, ts: string) => `${channel}:${ts}`;

  function lane(channel: string): ChannelLane {
    let l = lanes.get(channel);
    if (!l) lanes.set(channel, (l = { nextAt: 0, running: false, queue: [] }));
    return l;
  }

  function bumpVersion(key: string): number {
    const v = (versions.get(key) ?? 0) + 1;
    versions.delete(key);
    versions.set(key, v);
    if (versions.size > 5000) versions.delete(versions.keys().next().value as string);
    return v;
  }

  function enqueue(channel: string, ts: string, message: OutgoingMessage): Promise<void> {
    const key = keyOf(channel, ts);
    return new Promise<void>((resolve, reject) => {
      const p = pending.get(key);
      if (p) {
        p.message = message; // coalesce: the newest content wins, everyone waiting is told when it lands
        p.waiters.push({ resolve, reject });
      } else {
        pending.set(key, { channel, ts, message, waiters: [{ resolve, reject }] });
        lane(channel).queue.push(key);
      }
      void drain(channel);
    });
  }

  async function drain(channel: string): Promise<void> {
    const l = lane(channel);
    if (l.running) return;
    l.running = true;
    try {
      while (l.queue.length) {
        const wait = l.nextAt - Date.now();
        if (wait > 0) await sleep(wait);
        const key = l.queue.shift() as string;
        const p = pending.get(key);
        pending.delete(key);
        if (!p) continue;
        await writeUpdate(p);
        l.nextAt = Date.now() + interval;
      }
    } finally {
      l.running = false;
      if (!l.queue.length) lanes.delete(channel);
      if (!pending.size && ![...lanes.values()].some((x) => x.running)) idleWaiters.splice(0).forEach((f) => f());
    }
  }

  async function writeUpdate(p: Pending): Promise<void> {
    try {
      const payload = render(p.message);
      await client.chat.update({
        channel: p.channel,
        ts: p.ts,
        text: payload.text,
        blocks: (payload.blocks ?? []) as unknown as types.KnownBlock[],
      });
      p.waiters.forEach((w) => w.resolve());
    } catch (e) {
      logger.warn({ err: describeSlackError(e), channel: p.channel, ts: p.ts }, 'slack: chat.update failed');
      const err = slackError('SLACK_UPDATE_FAILED', 'Slack did not accept an update of a sagebot message.', e);
      p.waiters.forEach((w) => w.reject(err));
    }
  }

  return {
    async send(conversation: Conversation, message: OutgoingMessage): Promise<MessageRef> {
      const channel = conversation.id;
      const payload = render(message);
      try {
        const res = await client.chat.postMessage({
          channel,
          text: payload.text,
          ...(payload.blocks ? { blocks: payload.blocks as unknown as types.KnownBlock[] } : {}),
          ...(conversation.threadId ? { thread_ts: conversation.threadId } : {}),
          unfurl_links: false,
          unfurl_media: false,
        });
        const posted = typeof res.channel === 'string' && res.channel ? res.channel : channel;
        return refFor(conversation.key, posted, String(res.ts));
      } catch (e) {
        logger.warn({ err: describeSlackError(e), channel }, 'slack: chat.postMessage failed');
        throw slackError('SLACK_POST_FAILED', 'Slack did not accept a message from sagebot.', e);
      }
    },
    async sendPrivate(conversation: Conversation, user: string, message: OutgoingMessage): Promise<MessageRef> {
      const payload = render(message);
      try {
        const res = await client.chat.postEphemeral({
          channel: conversation.id,
          user,
          text: payload.text,
          ...(payload.blocks ? { blocks: payload.blocks as unknown as types.KnownBlock[] } : {}),
          ...(conversation.threadId ? { thread_ts: conversation.threadId } : {}),
        });
        return refFor(conversation.key, conversation.id, String(res.message_ts ?? 'ephemeral'));
      } catch (e) {
        logger.warn({ err: describeSlackError(e), channel: conversation.id }, 'slack: chat.postEphemeral failed');
        throw slackError('SLACK_POST_FAILED', 'Slack did not accept a message from sagebot.', e);
      }
    },
    update(ref: MessageRef, message: OutgoingMessage): Promise<void> {
      const channel = channelOf(ref);
      bumpVersion(keyOf(channel, ref.messageId));
      return enqueue(channel, ref.messageId, message);
    },
    version(ref: MessageRef): number {
      return versions.get(keyOf(channelOf(ref), ref.messageId)) ?? 0;
    },
    async updateIfCurrent(ref: MessageRef, message: OutgoingMessage, sinceVersion: number): Promise<void> {
      if (this.version(ref) > sinceVersion) return;
      return this.update(ref, message);
    },
    idle(): Promise<void> {
      if (!pending.size && !lanes.size) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}

/** The Slack error code (`not_in_channel`, `ratelimited`, ...) of a Web API failure, when there is one. */
export function slackErrorCode(e: unknown): string | undefined {
  const data = (e as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/** A log-safe description of a Web API error (never the request body: it may echo tokens). */
export function describeSlackError(e: unknown): Record<string, unknown> {
  const err = e as { code?: unknown; message?: unknown; statusCode?: unknown; retryAfter?: unknown };
  return {
    code: err?.code,
    slackError: slackErrorCode(e),
    status: err?.statusCode,
    message: typeof err?.message === 'string' ? err.message : String(e),
  };
}

function slackError(code: string, message: string, cause: unknown): SagebotError {
  const slack = slackErrorCode(cause);
  const fix =
    slack === 'not_in_channel' || slack === 'channel_not_found'
      ? 'Invite sagebot to the channel (/invite @sagebot) and try again.'
      : slack === 'invalid_auth' || slack === 'not_authed' || slack === 'token_revoked'
        ? 'Check SLACK_BOT_TOKEN: it must be the Bot User OAuth Token (xoxb-...) of the installed app.'
        : 'Try again in a minute; if it keeps failing, the log has the Slack error.';
  return new SagebotError({ code, message, fix, cause, details: { slackError: slack }, retryable: true });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
