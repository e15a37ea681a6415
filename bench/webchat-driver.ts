/**
 * Drives the Teams adapter the way the local web chat page does, for the benchmark: the server runs in
 * anonymous-local mode (no MicrosoftAppId, so no Bot Framework token service is needed), the driver reads
 * /webchat/session for this start's key, listens on the SSE stream of one conversation, and posts typed text
 * and Action.Execute presses to /api/messages with the key. Replies go through the adapter's own loopback
 * connector (adapters/teams/webchat/connector.ts), so the botbuilder path is the one Teams uses. Built on
 * production code and fetch only: bench/ does not import test/.
 */
import { randomUUID } from 'node:crypto';

const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

interface StreamEvent {
  event: string;
  data: any;
  at: number;
}

export interface WebchatDriver {
  /** Say something and wait for the first card sent after it that matches. */
  ask(text: string, match: (card: any) => boolean, timeoutMs: number): Promise<{ id: string; card: any; at: number }>;
  /** Press a card button (an Action.Execute invoke); resolves with the HTTP answer. */
  press(cardId: string, verb: string, data: Record<string, unknown>): Promise<{ status: number; text: string }>;
  /** Wait until message `id` holds a card that matches. */
  cardBecomes(id: string, match: (card: any) => boolean, timeoutMs: number): Promise<any>;
  /** How many times message `id` was sent or updated. */
  versionsOf(id: string): number;
  close(): void;
}

export const cardOf = (activity: any): any =>
  activity?.attachments?.find((a: any) => a.contentType === ADAPTIVE)?.content;

function walk(node: unknown, out: any[] = []): any[] {
  if (Array.isArray(node)) for (const n of node) walk(n, out);
  else if (node && typeof node === 'object') {
    out.push(node);
    for (const v of Object.values(node)) walk(v, out);
  }
  return out;
}

export const actionsOf = (card: any): any[] =>
  walk(card).filter((n) => typeof n.type === 'string' && n.type.startsWith('Action.'));

export const cardText = (card: any): string =>
  walk(card)
    .flatMap((n) => [n.text, n.title, n.value, n.placeholder].filter((v) => typeof v === 'string'))
    .join(' \n');

/** Reads `event:` / `data:` blocks of a Server-Sent Events response into `events` until aborted. */
async function readStream(url: string, events: StreamEvent[], signal: AbortSignal): Promise<void> {
  const res = await fetch(url, { signal, headers: { Accept: 'text/event-stream' } });
  if (!res.ok || !res.body) throw new Error(`web chat stream answered ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        for (let cut = buffer.indexOf('\n\n'); cut >= 0; cut = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (event && data) events.push({ event, data: JSON.parse(data), at: Date.now() });
        }
      }
    } catch {
      // the driver was closed
    }
  })();
}

async function poll<T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const hit = find();
    if (hit !== undefined) return hit;
    if (Date.now() > until) throw new Error(`web chat: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function openWebchatDriver(url: string): Promise<WebchatDriver> {
  const session = (await (await fetch(`${url}/webchat/session`)).json()) as any;
  const conversationId = `bench-${randomUUID()}`;
  const events: StreamEvent[] = [];
  const controller = new AbortController();
  await readStream(
    `${url}/webchat/events?conversation=${conversationId}&key=${encodeURIComponent(session.key)}`,
    events,
    controller.signal,
  );
  const send = async (activity: Record<string, unknown>) => {
    const res = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [session.keyHeader]: session.key },
      body: JSON.stringify({
        id: `u-${randomUUID()}`,
        channelId: session.channelId,
        serviceUrl: session.serviceUrl,
        from: session.user,
        recipient: session.bot,
        conversation: { id: conversationId, conversationType: 'personal' },
        ...activity,
      }),
    });
    return { status: res.status, text: await res.text() };
  };
  const sent = (id: string) => events.filter((e) => e.event === 'activity' && e.data.id === id);
  const latest = (id: string) => cardOf(sent(id).at(-1)?.data);
  return {
    async ask(text, match, timeoutMs) {
      const mark = events.length;
      const answer = await send({ type: 'message', text });
      if (answer.status !== 200) throw new Error(`POST /api/messages answered ${answer.status}: ${answer.text}`);
      return poll(
        () => {
          for (const e of events.slice(mark)) {
            const card = e.event === 'activity' ? latest(e.data.id) : undefined;
            if (card && match(card)) return { id: e.data.id as string, card, at: e.at };
          }
          return undefined;
        },
        timeoutMs,
        `a card answering "${text}"`,
      );
    },
    press: (cardId, verb, data) =>
      send({
        type: 'invoke',
        name: 'adaptiveCard/action',
        replyToId: cardId,
        value: { action: { type: 'Action.Execute', verb, data } },
      }),
    cardBecomes: (id, match, timeoutMs) =>
      poll(
        () => {
          const card = latest(id);
          return card && match(card) ? card : undefined;
        },
        timeoutMs,
        `message ${id} to show the expected card`,
      ),
    versionsOf: (id) => sent(id).length,
    close: () => controller.abort(),
  };
}
