/** The shape a Slack message is rendered into (chat.postMessage / chat.update arguments). */
import type { OutgoingMessage } from '../../bot/events.ts';

export interface SlackPayload {
  /** Fallback text: notifications, screen readers, clients without Block Kit. Always non-empty. */
  text: string;
  /** Block Kit blocks (at most 50); absent for plain-text messages. */
  blocks?: Array<Record<string, unknown>>;
}

export type SlackRenderer = (message: OutgoingMessage) => SlackPayload;
