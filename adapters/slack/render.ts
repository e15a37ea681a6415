/**
 * OutgoingMessage -> chat.postMessage/chat.update arguments. Cards come from cards/ (Block Kit renderer);
 * this only guards the platform limits a renderer bug must never break: fallback text always set and
 * bounded, at most 50 blocks, and plain text escaped so echoed user input cannot become `<!channel>`.
 */
import { renderBlockKit } from '../../cards/index.ts';
import type { OutgoingMessage } from '../../bot/events.ts';
import type { SlackPayload } from './render-types.ts';
import { clampText, escapeSlackText } from './text.ts';

export const MAX_BLOCKS = 50;

export function renderSlackMessage(message: OutgoingMessage): SlackPayload {
  const fallback = clampText(escapeSlackText(message.text?.trim() || 'sagebot'));
  if (!message.card) return { text: fallback };
  const rendered = renderBlockKit(message.card) as { text?: string; blocks?: Array<Record<string, unknown>> };
  const blocks = (rendered.blocks ?? []).slice(0, MAX_BLOCKS);
  const text = message.text?.trim() ? fallback : clampText(rendered.text?.trim() || 'sagebot');
  return blocks.length ? { text, blocks } : { text };
}
