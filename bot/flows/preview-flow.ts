/**
 * The start of a batch: "run invoices through friday" -> a quick acknowledgement -> the engine's preview ->
 * the preview card, with the flow stored server-side (fingerprint, requester, kind, options, message ref).
 * Also Re-check: the preview run again in place after the user fixed their mappings.
 */

import { safeMessage } from '../../core/errors.ts';
import { toActorRef } from '../approvals.ts';
import { audit, type BotContext, requesterOf } from '../context.ts';
import { shortDate } from '../dates.ts';
import type { ActionEvent, ActionResponse, MessageEvent, Replier } from '../events.ts';
import type { ExportCommand } from '../parse-command.ts';
import type { FlowOptions, FlowRecord, FlowState } from '../ports.ts';
import { kindNoun } from '../views/format.ts';
import { previewMessage, previewState } from '../views/preview-view.ts';
import { optionsFromChoices } from './choose-flow.ts';
import { busyLine, cardRef, createPreviewFlow, loadFlow, renderFlow, updateCard } from './common.ts';
import { errorNotice } from './errors.ts';
import { replaceOlderPreviews } from './supersede.ts';

export async function startPreview(
  ctx: BotContext,
  event: MessageEvent,
  replier: Replier,
  cmd: ExportCommand,
): Promise<void> {
  const actor = toActorRef(event.actor);
  const where = cmd.location ? ` for ${cmd.location}` : '';
  await replier.reply({
    text: `Looking at unposted ${kindNoun(cmd.kind)} through ${shortDate(cmd.throughDate)}${where}…`,
  });
  const options: FlowOptions = {
    throughDate: cmd.throughDate,
    location: cmd.location,
    detail: cmd.detail,
    ...(cmd.includeNumbers ? { includeNumbers: cmd.includeNumbers } : {}),
    ...(cmd.excludeNumbers ? { excludeNumbers: cmd.excludeNumbers } : {}),
  };
  let preview;
  try {
    preview = await ctx.engine.preview(cmd.kind, { ...options, user: requesterOf(actor) });
  } catch (err) {
    await audit(ctx, 'request', actor, { command: cmd.type, kind: cmd.kind, ...options, failed: true }, event.eventId);
    await replier.reply(errorNotice(ctx, err, `Could not preview ${kindNoun(cmd.kind)}`));
    return;
  }
  const flow = await createPreviewFlow(
    ctx,
    { conversation: event.conversation, requester: actor, kind: cmd.kind, options },
    preview,
  );
  await replaceOlderPreviews(ctx, flow);
  await audit(
    ctx,
    'request',
    actor,
    {
      command: cmd.verb,
      kind: cmd.kind,
      ...options,
      flowId: flow.id,
      transactions: preview.transactions.length,
      problems: preview.problems.length,
      suggestedBatch: preview.suggestedBatchId,
    },
    event.eventId,
  );
  const ref = await replier.reply(previewMessage(flow, preview, 0, ctx.config.timeZone));
  await ctx.stores.flows.patch(flow.id, { messageRef: ref });
}

const RECHECKABLE: FlowState[] = ['ready', 'blocked', 'stale', 'empty'];

/** Re-check: run the preview again; answers with the new card when it is quick, else updates the card later. */
export async function recheck(ctx: BotContext, event: ActionEvent): Promise<ActionResponse> {
  const loaded = await loadFlow(ctx, event, ['preview']);
  if (!loaded.ok) return loaded.response;
  const { preview: shown } = await ctx.stores.flows.loadPayload(loaded.flow.id);
  const options = optionsFromChoices(loaded.flow, shown, event.data);
  const begun = await ctx.locks.run(loaded.flow.id, () =>
    ctx.stores.flows.transition(loaded.flow.id, RECHECKABLE, 'rechecking', { options, selection: undefined }),
  );
  if (!begun.ok) return { toast: begun.flow ? busyLine(begun.flow) : 'This card is no longer active.' };
  const previous = loaded.flow.state;
  await audit(
    ctx,
    'recheck',
    toActorRef(event.actor),
    { flowId: loaded.flow.id, kind: loaded.flow.kind, ...options },
    event.eventId,
  );
  // A slow re-check outlives the click's deadline: the bot then answers with the card as it stands
  // ("Re-checking…") and brings this answer to the card when it comes (bot/deadline.ts).
  const done = await redoPreview(ctx, begun.flow, previous, loaded.flow.options);
  if (!done) return { toast: 'This preview was cancelled while re-checking.' };
  // The answer reaches the clicker only; the update shows everyone in the conversation the same card.
  const message = await renderFlow(ctx, done);
  await updateCard(ctx, cardRef(done, event), message);
  return { message };
}

/** The preview again for a flow in `rechecking`; returns the updated flow, or undefined if it was cancelled. */
async function redoPreview(
  ctx: BotContext,
  flow: FlowRecord,
  previous: FlowState,
  previousOptions: FlowOptions,
): Promise<FlowRecord | undefined> {
  if (!flow.kind) return undefined;
  let result;
  try {
    const preview = await ctx.engine.preview(flow.kind, { ...flow.options, user: requesterOf(flow.requester) });
    await ctx.stores.flows.savePayload(flow.id, { preview });
    result = await ctx.stores.flows.transition(flow.id, ['rechecking'], previewState(preview), {
      fingerprint: preview.fingerprint,
      staleChanges: undefined,
      batchIdError: undefined,
      note: undefined,
      ...(flow.batchIdSuggested ? { batchId: preview.suggestedBatchId } : {}),
    });
  } catch (err) {
    ctx.logger.warn({ err, flowId: flow.id }, 're-check failed');
    // The card keeps showing the last good preview, so the options it was made with stay too.
    result = await ctx.stores.flows.transition(flow.id, ['rechecking'], previous, {
      options: previousOptions,
      note: `Re-check failed: ${safeMessage(err)}`,
    });
  }
  return result.ok ? result.flow : undefined;
}
