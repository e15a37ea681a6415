/** Small steps shared by the flow tests: ask for a preview, find its card, click. */

import type { Actor, MessageRef } from '../../bot/events.ts';
import type { PreviewView } from '../../cards/view-models.ts';
import { conversation, type makeBot, message, RecordingReplier } from './fakes.ts';

export type Harness = ReturnType<typeof makeBot>;

export async function askPreview(h: Harness, text: string, who: Actor, conv = conversation()) {
  const replier = new RecordingReplier(conv.key);
  await h.bot.onMessage(message(text, who, conv), replier);
  const { message: m, ref } = replier.card('preview');
  const card = m.card as PreviewView;
  return { replier, card, ref, flowId: card.flowId };
}

export function cardOf<K extends string>(m: { card?: { kind: string } } | undefined, kind: K) {
  if (!m?.card || m.card.kind !== kind) throw new Error(`expected a ${kind} card, got ${m?.card?.kind ?? 'none'}`);
  return m.card as Extract<NonNullable<typeof m.card>, { kind: string }> & Record<string, unknown>;
}

export function updatesOf(h: Harness, ref: MessageRef): string[] {
  return h.messenger.updates
    .filter((u) => u.ref.messageId === ref.messageId)
    .map((u) => u.message.card?.kind ?? 'text');
}
