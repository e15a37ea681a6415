/**
 * Outbound translation: neutral OutgoingMessage / ActionResponse -> Bot Framework activities and invoke
 * responses. Cards are rendered by cards/ (a pure function of the view); this file only wraps them.
 */
import type { Activity } from 'botbuilder';
import type { ActionResponse, OutgoingMessage } from '../../bot/events.ts';
import type { CardView } from '../../cards/view-models.ts';

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
export const ACTIVITY_MESSAGE = 'application/vnd.microsoft.activity.message';
export const INVOKE_ERROR = 'application/vnd.microsoft.error';

/** Turns a card view into Adaptive Card JSON (cards/index.ts renderAdaptiveCard). */
export type CardRenderer = (view: CardView) => Record<string, unknown>;

/** The body Teams expects back from an `adaptiveCard/action` invoke. */
export interface AdaptiveInvokeBody {
  statusCode: number;
  type: string;
  value: unknown;
}

export interface InvokeResult {
  status: number;
  body: AdaptiveInvokeBody | { code: string; message: string };
}

/** A message activity: with a card the plain text becomes the notification summary, without one it is the text. */
export function toActivity(message: OutgoingMessage, render: CardRenderer): Partial<Activity> {
  const text = String(message.text ?? '').slice(0, 4_000);
  if (!message.card) return { type: 'message', text, textFormat: 'plain' };
  return {
    type: 'message',
    summary: text,
    attachments: [{ contentType: ADAPTIVE_CARD, content: render(message.card) }],
  };
}

export function invokeCard(card: Record<string, unknown>): InvokeResult {
  return { status: 200, body: { statusCode: 200, type: ADAPTIVE_CARD, value: card } };
}

export function invokeToast(text: string): InvokeResult {
  return { status: 200, body: { statusCode: 200, type: ACTIVITY_MESSAGE, value: text.slice(0, 500) } };
}

export function invokeError(status: 400 | 401 | 403 | 404, code: string, message: string): InvokeResult {
  return { status, body: { statusCode: status, type: INVOKE_ERROR, value: { code, message } } };
}

/** The invoke answer for what the bot said: the replacement card if any, else the toast. */
export function invokeFromResponse(response: ActionResponse, render: CardRenderer): InvokeResult {
  if (response.message?.card) return invokeCard(render(response.message.card));
  const text = response.toast ?? response.message?.text;
  return invokeToast(text?.trim() ? text : 'Done.');
}
