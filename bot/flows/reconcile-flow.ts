/**
 * "reconcile <batch>": read an earlier batch back from Sage and compare it with what it sent (the same core
 * operation as `sagebot reconcile BATCH`). Read-only, so anyone may ask (core/roles.ts); the engine audits it.
 * A difference is also alerted to the alert channels, as a problem with what to do.
 */
import { broadcast, reconcileAlert } from '../alerts.ts';
import { toActorRef } from '../approvals.ts';
import { type BotContext, requesterOf } from '../context.ts';
import type { MessageEvent, Replier } from '../events.ts';
import { reconcileMessage } from '../views/reconcile-view.ts';
import { errorNotice } from './errors.ts';

export async function startReconcile(
  ctx: BotContext,
  event: MessageEvent,
  replier: Replier,
  batch: string,
): Promise<void> {
  const actor = toActorRef(event.actor);
  await replier.reply({ text: `Reading batch ${batch} back from Sage and comparing it with what the batch sent…` });
  let result;
  try {
    result = await ctx.engine.reconcile(batch, { user: requesterOf(actor) });
  } catch (err) {
    // The request itself is audited by the bot (bot.ts); a batch nobody knows is answered with its fix.
    await replier.reply(errorNotice(ctx, err, `Cannot reconcile batch ${batch}`));
    return;
  }
  await replier.reply(reconcileMessage(result));
  if (!result.reconciled) await broadcast(ctx, reconcileAlert(result, actor.name), event.conversation);
}
