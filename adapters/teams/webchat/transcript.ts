/**
 * What the web chat's transcript needs from a turn besides the bot's sends (those arrive through the
 * connector): the user's typed line, and the card an Action.Execute answer puts in place (Teams keeps both on
 * its side, so a reload shows them), plus one greeting per conversation. Wraps the turn handler; decides
 * nothing about the business.
 */
import type { Activity, TurnContext } from 'botbuilder';
import { ADAPTIVE_CARD } from '../activity-out.ts';
import type { WebchatHub } from './hub.ts';

const MAX_TEXT = 4_000;
const SAFE_ID = /^[A-Za-z0-9:_.-]{1,100}$/;

type Turn = (ctx: TurnContext) => Promise<void>;

export function withTranscript(hub: WebchatHub, turn: Turn): Turn {
  return async (ctx) => {
    const activity = ctx.activity;
    const conversationId = activity.conversation?.id ?? '';
    if (activity.type === 'conversationUpdate' && !hub.claimGreeting(conversationId)) return;
    if (isTypedLine(activity)) {
      const id = SAFE_ID.test(String(activity.id ?? '')) ? String(activity.id) : `u-${hub.nextId()}`;
      hub.addUserLine(conversationId, id, String(activity.text).trim().slice(0, MAX_TEXT));
    }
    if (activity.type === 'invoke' && activity.replyToId) keepInvokeCard(hub, ctx, conversationId, activity.replyToId);
    await turn(ctx);
  };
}

function isTypedLine(activity: Activity): boolean {
  return activity.type === 'message' && activity.value === undefined && Boolean(String(activity.text ?? '').trim());
}

/** When the invoke is answered with a card, the stored message gets it too (unless updated meanwhile). */
function keepInvokeCard(hub: WebchatHub, ctx: TurnContext, conversationId: string, cardId: string): void {
  const revision = hub.revision(conversationId, cardId);
  ctx.onSendActivities(async (_ctx, activities, next) => {
    for (const sent of activities) {
      const body = (sent.type === 'invokeResponse' ? sent.value?.body : undefined) as
        | { type?: unknown; value?: unknown }
        | undefined;
      if (body?.type === ADAPTIVE_CARD && body.value && typeof body.value === 'object')
        hub.replaceCard(conversationId, cardId, [{ contentType: ADAPTIVE_CARD, content: body.value }], revision);
    }
    return next();
  });
}
