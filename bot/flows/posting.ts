/**
 * The background half of an approval: post through the engine with the approved preview (its fingerprint and
 * rows), updating the card in place (throttled), and finish with the results card, the audit entry, the status
 * history and the alerts. The engine alone decides staleness: a stale outcome posted nothing, and the card
 * becomes the fresh preview with the engine's reasons (approve that one). Every outcome, including a thrown
 * error, ends on the card.
 */
import { isSagebotError, safeMessage } from '../../core/errors.ts';
import type { Preview, Progress, RunResult, StaleReport } from '../../core/export/types.ts';
import { broadcast, runAlert } from '../alerts.ts';
import { audit, type BotContext, requesterOf } from '../context.ts';
import type { MessageRef, OutgoingMessage } from '../events.ts';
import type { FlowRecord } from '../ports.ts';
import { createThrottledUpdater, type ThrottledUpdater } from '../progress.ts';
import { noticeMessage } from '../views/info-views.ts';
import { previewMessage, previewState } from '../views/preview-view.ts';
import { rerunMessage } from '../views/rerun-view.ts';
import { type Link, progressMessage, resultsMessage } from '../views/results-view.ts';
import { updateCard } from './common.ts';

const BATCH_ID_CODES = new Set(['EXPORT_BAD_BATCH_ID', 'EXPORT_BATCH_EXISTS']);

export async function postBatch(ctx: BotContext, flowId: string, clicked?: MessageRef): Promise<void> {
  const flow = await ctx.stores.flows.get(flowId);
  if (!flow?.kind || flow.state !== 'checking') return;
  const ref = flow.messageRef ?? clicked;
  const started = await ctx.stores.flows.transition(flow.id, ['checking'], 'posting');
  if (!started.ok) return; // cancelled before posting began
  const updater = progressUpdater(ctx, flow, ref);
  const user = requesterOf(flow.approvedBy ?? flow.requester);
  const approved = (await ctx.stores.flows.loadPayload(flow.id)).preview;
  try {
    // The engine decides staleness, from the same reads it posts from: a stale run posts nothing and says why.
    const result = await ctx.engine.run(flow.kind, {
      ...flow.options,
      batchId: flow.batchId ?? '',
      user,
      expectedFingerprint: flow.fingerprint,
      ...(approved ? { approved } : {}),
      onProgress: (p) => pushProgress(ctx, flow, updater, p),
    });
    if (result.outcome === 'stale' && result.stale) await showStale(ctx, started.flow, approved, result.stale, updater);
    else await finishRun(ctx, started.flow, result, updater, false);
  } catch (err) {
    await runThrew(ctx, started.flow, err, updater);
  } finally {
    ctx.state.lastProgress.delete(flow.id);
  }
}

/** The approved preview went stale: the card becomes the fresh preview with the engine's reasons above it. */
async function showStale(
  ctx: BotContext,
  flow: FlowRecord,
  before: Preview | undefined,
  stale: StaleReport,
  updater: ThrottledUpdater,
): Promise<void> {
  // The run does not ask which locations have transactions: the card keeps the choice it offered.
  const fresh: Preview =
    before?.locations && !stale.preview.locations ? { ...stale.preview, locations: before.locations } : stale.preview;
  const base = previewState(fresh);
  await ctx.stores.flows.savePayload(flow.id, { preview: fresh });
  const moved = await ctx.stores.flows.transition(flow.id, ['posting'], base === 'ready' ? 'stale' : base, {
    fingerprint: fresh.fingerprint,
    staleChanges: stale.lines,
    approvedBy: undefined,
    approvedAt: undefined,
  });
  await audit(ctx, 'stale', flow.approvedBy ?? flow.requester, {
    flowId: flow.id,
    batch: flow.batchId,
    changes: stale.lines.length,
    takenBy: stale.taken.map((t) => t.batch),
  });
  await updater.finish(previewMessage(moved.flow ?? flow, fresh, 0, ctx.config.timeZone));
}

export function progressUpdater(ctx: BotContext, _flow: FlowRecord, ref: MessageRef | undefined): ThrottledUpdater {
  return createThrottledUpdater(async (m) => updateCard(ctx, ref, m), {
    intervalMs: ctx.progressIntervalMs,
    logger: ctx.logger,
  });
}

export function pushProgress(ctx: BotContext, flow: FlowRecord, updater: ThrottledUpdater, p: Progress): void {
  const title = flow.type === 'sync' ? 'Payment sync' : `Batch ${flow.batchId ?? ''}`;
  const message = progressMessage(flow.id, title, p, flow.approvedAt ?? flow.updatedAt, ctx.config.timeZone);
  const before = ctx.state.lastProgress.get(flow.id)?.card as { kind?: string; total?: number } | undefined;
  // The first count of a posting ("0 of 37") is shown at once: a short batch can post between two throttled ticks.
  const firstCount = p.total > 0 && !(before?.kind === 'progress' && (before.total ?? 0) > 0);
  ctx.state.lastProgress.set(flow.id, message);
  updater.push(message, firstCount);
}

/** Results card, status history, audit and alerts for a run or rerun that returned. */
export async function finishRun(
  ctx: BotContext,
  flow: FlowRecord,
  result: RunResult,
  updater: ThrottledUpdater,
  rerun: boolean,
): Promise<void> {
  const links = downloadLinks(ctx, result);
  const payload = await ctx.stores.flows.loadPayload(flow.id);
  await ctx.stores.flows.savePayload(flow.id, { ...payload, result });
  const done = await ctx.stores.flows.transition(flow.id, ['posting'], 'done', { links, batchId: result.batch });
  const final = done.flow ?? flow;
  await updater.finish(resultsMessage(final, result, links, 0, ctx.config.timeZone));
  const by = flow.approvedBy ?? flow.requester;
  await audit(
    ctx,
    rerun ? 'rerun' : 'post',
    by,
    {
      flowId: flow.id,
      batch: result.batch,
      kind: result.kind,
      outcome: result.outcome,
      posted: result.posted.length,
      skipped: result.skipped.length,
      failed: result.failed.length + result.problems.length,
      manageBatchId: result.manageBatchId,
      runId: result.runId,
      requester: flow.requester.name,
      ...(rerun ? { force: Boolean(flow.options.force) } : {}),
    },
    result.runId,
  );
  await ctx.stores.history
    .recordRun({
      flowId: flow.id,
      batch: result.batch,
      kind: result.kind,
      outcome: result.outcome,
      posted: result.posted.length,
      failed: result.failed.length + result.problems.length,
      by: by.name,
      finishedAt: result.finishedAt,
      rerun,
    })
    .catch((err: unknown) => ctx.logger.warn({ err }, 'history not recorded'));
  await broadcast(ctx, runAlert(result, by.name, rerun), flow.conversation);
}

function downloadLinks(ctx: BotContext, r: RunResult): Link[] {
  const links: Link[] = [];
  if (r.errorListPath)
    links.push({ title: 'Error list', url: ctx.downloads.urlFor(ctx.downloads.createDownloadLink(r.errorListPath)) });
  if (r.logPath)
    links.push({ title: 'Full log', url: ctx.downloads.urlFor(ctx.downloads.createDownloadLink(r.logPath)) });
  return links;
}

/** The engine threw instead of returning a result: put the flow where the user can act, and say why. */
export async function runThrew(
  ctx: BotContext,
  flow: FlowRecord,
  err: unknown,
  updater: ThrottledUpdater,
): Promise<void> {
  const code = isSagebotError(err) ? err.code : undefined;
  const payload = await ctx.stores.flows.loadPayload(flow.id);
  const retryable =
    isSagebotError(err) && (err.retryable || BATCH_ID_CODES.has(err.code) || /BUSY|LOCK|RUNNING/.test(err.code));
  if (retryable && flow.type === 'preview' && payload.preview) {
    const patch =
      code && BATCH_ID_CODES.has(code)
        ? { batchIdError: safeMessage(err), approvedBy: undefined }
        : { note: `Nothing was posted: ${safeMessage(err)} Approve again to retry.`, approvedBy: undefined };
    const back = await ctx.stores.flows.transition(flow.id, ['posting'], 'ready', patch);
    await updater.finish(previewMessage(back.flow ?? flow, payload.preview, 0, ctx.config.timeZone));
    await audit(ctx, 'post', flow.approvedBy ?? flow.requester, {
      flowId: flow.id,
      batch: flow.batchId,
      outcome: 'not-started',
      code,
    });
    return;
  }
  if (retryable && flow.type === 'rerun' && payload.plan) {
    const back = await ctx.stores.flows.transition(flow.id, ['posting'], 'ready', {
      note: `Nothing was posted: ${safeMessage(err)} Approve again to retry.`,
      approvedBy: undefined,
    });
    await updater.finish(rerunMessage(back.flow ?? flow, payload.plan, 0));
    await audit(ctx, 'rerun', flow.approvedBy ?? flow.requester, {
      flowId: flow.id,
      batch: flow.batchId,
      outcome: 'not-started',
      code,
    });
    return;
  }
  if (!isSagebotError(err)) ctx.logger.error({ err, flowId: flow.id }, 'posting threw');
  const message = `${safeMessage(err)} If part of the batch was posted, the next start of sagebot resumes it without posting anything twice; say "batches" to see the outcome.`;
  await ctx.stores.flows.transition(flow.id, ['posting'], 'failed', { error: message });
  await updater.finish(failedNotice(flow, message));
  await audit(ctx, flow.type === 'rerun' ? 'rerun' : 'post', flow.approvedBy ?? flow.requester, {
    flowId: flow.id,
    batch: flow.batchId,
    outcome: 'error',
    code,
  });
  await broadcast(ctx, noticeAlert(flow, message), flow.conversation);
}

function failedNotice(flow: FlowRecord, message: string): OutgoingMessage {
  return noticeMessage('error', `Batch ${flow.batchId ?? ''} stopped`, message);
}

function noticeAlert(flow: FlowRecord, message: string): OutgoingMessage {
  return {
    text: `Batch ${flow.batchId ?? ''} stopped: ${message}`,
    card: {
      kind: 'alert',
      title: `Batch ${flow.batchId ?? ''} stopped`,
      tone: 'error',
      text: message,
      facts: [{ title: 'Kind', value: flow.kind ?? '' }],
    },
  };
}
