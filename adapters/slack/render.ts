/**
 * OutgoingMessage -> chat.postMessage/chat.update arguments. Cards are drawn by cards/ (renderBlockKit, which
 * keeps every Block Kit limit); plain messages are escaped so echoed user input cannot become `<!channel>`.
 * A card that cannot be drawn degrades to its fallback text rather than losing the message.
 */

import type { OutgoingMessage } from '../../bot/events.ts';
import { escapeMrkdwn, renderBlockKit } from '../../cards/index.ts';
import type { Logger } from '../../core/logger.ts';
import type { SlackPayload, SlackRenderer } from './render-types.ts';
import { clampText } from './text.ts';

export const MAX_BLOCKS = 50;

export function createSlackRenderer(logger: Logger): SlackRenderer {
  return (message: OutgoingMessage): SlackPayload => {
    const fallback = clampText(escapeMrkdwn(String(message.text ?? '').trim() || 'sagebot'));
    if (!message.card) return { text: fallback };
    try {
      const rendered = renderBlockKit(message.card);
      const blocks = rendered.blocks.slice(0, MAX_BLOCKS);
      const text = clampText(rendered.text?.trim() || fallback);
      return blocks.length ? { text, blocks } : { text };
    } catch (err) {
      logger.error(
        { err, kind: (message.card as { kind?: unknown }).kind },
        'slack: a card could not be drawn; sent its text only',
      );
      return { text: fallback };
    }
  };
}
