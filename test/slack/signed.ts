/**
 * Requests as Slack sends them: signed with HMAC-SHA256 over `v0:{timestamp}:{raw body}` with the signing
 * secret, JSON for Events API envelopes, form-urlencoded for slash commands and interactivity (`payload=`).
 */
import { createHmac, randomUUID } from 'node:crypto';

export interface SignOptions {
  secret: string;
  /** Unix seconds; default now. */
  timestamp?: number;
  /** Replace the signature (forgery tests). */
  signature?: string;
  retryNum?: number;
  retryReason?: string;
}

export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export async function postSigned(
  url: string,
  body: string,
  contentType: string,
  opts: SignOptions,
): Promise<{ status: number; body: string; ms: number }> {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': opts.signature ?? sign(opts.secret, timestamp, body),
  };
  if (opts.retryNum !== undefined) headers['x-slack-retry-num'] = String(opts.retryNum);
  if (opts.retryReason) headers['x-slack-retry-reason'] = opts.retryReason;
  const started = Date.now();
  const res = await fetch(url, { method: 'POST', headers, body });
  return { status: res.status, body: await res.text(), ms: Date.now() - started };
}

export class SlackSender {
  private seq = 0;
  constructor(
    readonly url: string,
    readonly secret: string,
    readonly responseUrl: (id: string) => string,
  ) {}

  /** An Events API envelope around `event`; returns the event_id used. */
  async event(event: Record<string, unknown>, opts: Partial<SignOptions> & { eventId?: string } = {}) {
    const eventId = opts.eventId ?? `Ev${Date.now()}${++this.seq}`;
    const body = JSON.stringify({
      token: 'legacy',
      team_id: 'T0FAKE',
      api_app_id: 'A0FAKE',
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      event,
    });
    const res = await postSigned(this.url, body, 'application/json', { secret: this.secret, ...opts });
    return { ...res, eventId };
  }

  nextTs(): string {
    return `${1_700_000_000 + ++this.seq}.${String(this.seq).padStart(6, '0')}`;
  }

  mention(
    user: string,
    channel: string,
    text: string,
    opts: Partial<SignOptions> & { eventId?: string; ts?: string; thread_ts?: string } = {},
  ) {
    const ts = opts.ts ?? this.nextTs();
    return this.event(
      {
        type: 'app_mention',
        user,
        text,
        channel,
        ts,
        event_ts: ts,
        ...(opts.thread_ts ? { thread_ts: opts.thread_ts } : {}),
      },
      opts,
    );
  }

  dm(
    user: string,
    channel: string,
    text: string,
    opts: Partial<SignOptions> & { eventId?: string; extra?: Record<string, unknown> } = {},
  ) {
    const ts = this.nextTs();
    return this.event(
      { type: 'message', channel_type: 'im', user, text, channel, ts, event_ts: ts, ...opts.extra },
      opts,
    );
  }

  command(
    user: string,
    channel: string,
    text: string,
    opts: Partial<SignOptions> & { command?: string; channelName?: string } = {},
  ) {
    const triggerId = `trig.${++this.seq}.${randomUUID().slice(0, 8)}`;
    const form = new URLSearchParams({
      token: 'legacy',
      team_id: 'T0FAKE',
      team_domain: 'fake',
      channel_id: channel,
      channel_name: opts.channelName ?? 'finance',
      user_id: user,
      user_name: `user.${user.toLowerCase()}`,
      command: opts.command ?? '/sagebot',
      text,
      api_app_id: 'A0FAKE',
      response_url: this.responseUrl(`cmd-${this.seq}`),
      trigger_id: triggerId,
    });
    return postSigned(this.url, form.toString(), 'application/x-www-form-urlencoded', { secret: this.secret, ...opts });
  }

  /** Raw interactivity payload (any object, or a string for garbage tests). */
  interaction(payload: unknown, opts: Partial<SignOptions> = {}) {
    const form = new URLSearchParams({ payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });
    return postSigned(this.url, form.toString(), 'application/x-www-form-urlencoded', { secret: this.secret, ...opts });
  }

  /** A block_actions click on `actionId` in message `ts` of `channel`, with the message's input `state`. */
  click(
    user: string,
    channel: string,
    ts: string,
    action: { action_id: string; value?: string; block_id?: string; type?: string; action_ts?: string },
    state: Record<string, Record<string, unknown>> = {},
    opts: Partial<SignOptions> = {},
  ) {
    const actionTs = action.action_ts ?? `${Math.floor(Date.now() / 1000)}.${String(++this.seq).padStart(6, '0')}`;
    return this.interaction(
      {
        type: 'block_actions',
        team: { id: 'T0FAKE', domain: 'fake' },
        user: {
          id: user,
          username: `user.${user.toLowerCase()}`,
          name: `user.${user.toLowerCase()}`,
          team_id: 'T0FAKE',
        },
        api_app_id: 'A0FAKE',
        token: 'legacy',
        container: { type: 'message', message_ts: ts, channel_id: channel, is_ephemeral: false },
        trigger_id: `trig.${this.seq}`,
        channel: { id: channel, name: 'finance' },
        message: { type: 'message', ts, bot_id: 'BBOT0001', text: 'card' },
        state: { values: state },
        response_url: this.responseUrl(`act-${this.seq}`),
        actions: [
          {
            type: action.type ?? 'button',
            action_id: action.action_id,
            block_id: action.block_id ?? 'b1',
            value: action.value,
            action_ts: actionTs,
            text: { type: 'plain_text', text: 'x' },
          },
        ],
      },
      opts,
    );
  }
}
