/**
 * Drives the local web chat over HTTP the way its page does (no browser): reads /webchat/session for this
 * start's key, listens on the SSE stream of one conversation, posts typed text and Action.Execute presses to
 * /api/messages with the key, and finds cards in what the stream delivered (the latest version of each).
 */
import { randomUUID } from 'node:crypto';
import { actionsOf, cardOf, type Posted, post } from './helpers.ts';
import { openSse, type SseStream } from './sse.ts';

export interface WebchatClient {
  session: any;
  conversationId: string;
  stream: SseStream;
  /** How many stream events have arrived so far (a mark for `cardAfter`). */
  mark(): number;
  say(text: string): Promise<Posted>;
  press(cardId: string, verb: string, data: Record<string, unknown>): Promise<Posted>;
  /** The first message sent after `mark` whose latest card matches. */
  cardAfter(mark: number, match: (card: any) => boolean, timeoutMs?: number): Promise<{ id: string; card: any }>;
  /** Waits until message `id` holds a card that matches. */
  cardBecomes(id: string, match: (card: any) => boolean, timeoutMs?: number): Promise<any>;
  close(): void;
}

export async function openWebchat(url: string): Promise<WebchatClient> {
  const session = (await (await fetch(`${url}/webchat/session`)).json()) as any;
  const conversationId = `wc-conv-${randomUUID()}`;
  const stream = await openSse(
    `${url}/webchat/events?conversation=${conversationId}&key=${encodeURIComponent(session.key)}`,
  );
  const send = (activity: Record<string, unknown>) =>
    post(
      url,
      {
        id: `u-${randomUUID()}`,
        channelId: session.channelId,
        serviceUrl: session.serviceUrl,
        from: session.user,
        recipient: session.bot,
        conversation: { id: conversationId, conversationType: 'personal' },
        ...activity,
      },
      { headers: { [session.keyHeader]: session.key } },
    );
  const latest = (id: string) =>
    cardOf([...stream.events].reverse().find((e) => e.event === 'activity' && e.data.id === id)?.data);
  const poll = async <T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const hit = find();
      if (hit) return hit;
      if (Date.now() > until) throw new Error(`web chat: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  return {
    session,
    conversationId,
    stream,
    mark: () => stream.events.length,
    say: (text) => send({ type: 'message', text }),
    press: (cardId, verb, data) =>
      send({
        type: 'invoke',
        name: 'adaptiveCard/action',
        replyToId: cardId,
        value: { action: { type: 'Action.Execute', verb, data } },
      }),
    cardAfter: (mark, match, timeoutMs = 30_000) =>
      poll(
        () => {
          for (const e of stream.events.slice(mark)) {
            const card = e.event === 'activity' ? latest(e.data.id) : undefined;
            if (card && match(card)) return { id: e.data.id as string, card };
          }
          return undefined;
        },
        timeoutMs,
        'a card',
      ),
    cardBecomes: (id, match, timeoutMs = 60_000) =>
      poll(
        () => {
          const card = latest(id);
          return card && match(card) ? card : undefined;
        },
        timeoutMs,
        `message ${id} to show the expected card`,
      ),
    close: () => stream.close(),
  };
}

export const approveData = (card: any, verb: string) => actionsOf(card).find((a) => a.verb === verb)?.data;
