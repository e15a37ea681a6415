/**
 * Shared steps of the action handlers: find the flow a click refers to (validating the untrusted flow id and
 * that the card belongs to this conversation), refuse calmly (recorded), and render whatever a flow shows now.
 */

import type { Kind, Preview } from '../../core/export/types.ts';
import type { GuardedAction } from '../../core/roles.ts';
import { mayDo, toActorRef } from '../approvals.ts';
import { flowCompany } from '../companies.ts';
import { audit, type BotContext, newFlowId } from '../context.ts';
import type {
  ActionEvent,
  ActionResponse,
  Conversation,
  MessageEvent,
  MessageRef,
  OutgoingMessage,
  Replier,
} from '../events.ts';
import { type ActorRef, type FlowOptions, type FlowRecord, type FlowType, isFlowId } from '../ports.ts';
import { batchesMessage, noticeMessage } from '../views/info-views.ts';
import { previewMessage, previewState } from '../views/preview-view.ts';
import { rerunMessage } from '../views/rerun-view.ts';
import { progressMessage, resultsMessage } from '../views/results-view.ts';
import { syncMessage } from '../views/sync-view.ts';

const STALE_CARD = 'This card is no longer active. Send the command again for a fresh one (say "help" for examples).';

export type Loaded = { ok: true; flow: FlowRecord } | { ok: false; response: ActionResponse };

/** The flow named by `data.flowId`, if it exists, is of an expected type and lives in this conversation. */
export async function loadFlow(ctx: BotContext, event: ActionEvent, types: readonly FlowType[]): Promise<Loaded> {
  const id = event.data.flowId;
  if (!isFlowId(id)) return { ok: false, response: { toast: STALE_CARD } };
  const flow = await ctx.stores.flows.get(id);
  if (!flow || !types.includes(flow.type)) return { ok: false, response: { toast: STALE_CARD } };
  if (flow.conversation.key !== event.conversation.key) {
    await audit(
      ctx,
      'refuse',
      toActorRef(event.actor),
      { verb: event.verb, flowId: id, reason: 'card-from-another-conversation' },
      event.eventId,
    );
    return { ok: false, response: { toast: 'This card belongs to another conversation, so it cannot be used here.' } };
  }
  return { ok: true, flow };
}

/** Refuse a click: the card stays as it is, the clicker gets why, and the refusal is recorded. */
export async function refuse(
  ctx: BotContext,
  event: ActionEvent,
  flow: FlowRecord | undefined,
  reason: string,
  code: string,
): Promise<ActionResponse> {
  await audit(
    ctx,
    'refuse',
    toActorRef(event.actor),
    {
      verb: event.verb,
      flowId: flow?.id,
      batch: flow?.batchId,
      kind: flow?.kind,
      reason: code,
    },
    event.eventId,
  );
  return { toast: reason };
}

/**
 * Guard a typed command: when the sender may not do `action`, they are told why (the role needed and where
 * it is granted) and the refusal is recorded. Returns true when the command may go ahead.
 */
export async function allowedToSay(
  ctx: BotContext,
  event: MessageEvent,
  replier: Replier,
  action: GuardedAction,
  command: string,
): Promise<boolean> {
  const decision = mayDo(toActorRef(event.actor), action, ctx.policy);
  if (decision.allowed) return true;
  await audit(ctx, 'refuse', toActorRef(event.actor), { command, reason: decision.code }, event.eventId);
  await replier.reply(noticeMessage('warning', 'Not allowed', decision.reason));
  return false;
}

/** The card's message: stored when the card was sent, or the one the platform says was clicked. */
export function cardRef(flow: FlowRecord, event?: ActionEvent): MessageRef | undefined {
  return flow.messageRef ?? event?.message;
}

/** Update a card in place; a failed update is logged (the next update or a refresh will show the state). */
export async function updateCard(
  ctx: BotContext,
  ref: MessageRef | undefined,
  message: OutgoingMessage,
): Promise<void> {
  if (!ref) return;
  try {
    await ctx.messenger.update(ref, message);
  } catch (err) {
    ctx.logger.warn({ err, messageId: ref.messageId }, 'card update failed');
  }
}

/** What a flow shows now (for refresh, show more, and answers to late clicks). */
export async function renderFlow(ctx: BotContext, flow: FlowRecord, page?: number): Promise<OutgoingMessage> {
  const tz = ctx.config.timeZone;
  const payload = await ctx.stores.flows.loadPayload(flow.id);
  if (flow.state === 'failed')
    return noticeMessage(
      'error',
      'Stopped',
      flow.error ?? 'This run stopped with an error; the details are in the log.',
    );
  if ((flow.state === 'posting' || flow.state === 'checking') && flow.type !== 'batches') {
    return (
      ctx.state.lastProgress.get(flow.id) ??
      progressMessage(
        flow.id,
        `Working on ${flow.batchId ?? 'it'}`,
        { phase: 'starting', done: 0, total: 0 },
        flow.updatedAt,
        tz,
      )
    );
  }
  if (flow.state === 'done' && payload.result) return resultsMessage(flow, payload.result, flow.links ?? [], page, tz);
  if (flow.type === 'sync' && payload.sync) return syncMessage(flow.id, payload.sync, page, tz, flow.company);
  if (flow.type === 'batches' && payload.batches) return batchesMessage(payload.batches, page, tz, flow.id);
  if (flow.type === 'rerun' && payload.plan) return rerunMessage(flow, payload.plan, page);
  if (flow.type === 'preview' && payload.preview) return previewMessage(flow, payload.preview, page, tz);
  return noticeMessage('info', 'Nothing to show', STALE_CARD);
}

/** A page number from untrusted data: a small non-negative integer, else 0. */
export function pageOf(value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < 100_000 ? n : 0;
}

export function busyLine(flow: FlowRecord): string {
  const who = flow.approvedBy?.name ?? 'an approver';
  switch (flow.state) {
    case 'rechecking':
      return 'This preview is being re-checked; the card will update in a moment.';
    case 'checking':
    case 'posting':
      return `Batch ${flow.batchId ?? ''} is already being posted by ${who}.`;
    case 'done':
      return `Batch ${flow.batchId ?? ''} was already posted (approved by ${who}).`;
    case 'failed':
      return 'This run has already stopped; see the card for what happened.';
    case 'cancelled':
      if (flow.replacedBy) return `This preview was replaced by a newer one (${flow.replacedBy}); use that card.`;
      return `This was cancelled by ${flow.cancelledBy?.name ?? 'someone'}. Send the command again for a fresh preview.`;
    case 'blocked':
      return 'This preview has problems to fix first: fix them, then press Re-check.';
    case 'empty':
      return 'There is nothing to post in this preview.';
    default:
      return 'This card cannot do that now.';
  }
}

/**
 * The answer to a click repeated with the same event id (a client retry, a double click after the work is
 * done): the flow as it is now, not the first answer (which may be a 0% progress card long since finished).
 */
export async function repeatedAnswer(
  ctx: BotContext,
  event: ActionEvent,
  first: ActionResponse,
): Promise<ActionResponse> {
  const id = event.data.flowId;
  if (!first.message || !isFlowId(id)) return first;
  const flow = await ctx.stores.flows.get(id);
  if (!flow || flow.conversation.key !== event.conversation.key) return first;
  return { message: await renderFlow(ctx, flow, pageOf(event.data.page)) };
}

/** What a new preview flow is made of, besides the engine's preview. */
export interface PreviewFlowStart {
  conversation: Conversation;
  requester: ActorRef;
  kind: Kind;
  options: FlowOptions;
  /** Marks on the flow: which schedule or request made it. */
  origin?: Pick<FlowRecord, 'scheduleId' | 'requestId'>;
}

/** A preview flow for `preview`, stored with its payload (the one way a typed, scheduled or requested preview starts). */
export async function createPreviewFlow(
  ctx: BotContext,
  start: PreviewFlowStart,
  preview: Preview,
): Promise<FlowRecord> {
  const at = ctx.now().toISOString();
  const flow: FlowRecord = {
    id: newFlowId(),
    ...flowCompany(ctx),
    type: 'preview',
    state: previewState(preview),
    conversation: start.conversation,
    requester: start.requester,
    kind: start.kind,
    options: start.options,
    fingerprint: preview.fingerprint,
    batchId: preview.suggestedBatchId,
    batchIdSuggested: true,
    ...start.origin,
    createdAt: at,
    updatedAt: at,
  };
  await ctx.stores.flows.savePayload(flow.id, { preview });
  await ctx.stores.flows.create(flow);
  return flow;
}
