/**
 * "rerun <batch>": the engine rebuilds the batch from Manage and looks each document up in Sage; the card
 * lists them, says plainly that posting again makes duplicates, and needs an explicit approval (with an
 * optional force toggle). "rerun <batch> force" asks for a forced rerun from the start. A rerun that would post
 * nothing (every document in Sage, not forced) offers no approval, and an approval sent anyway (a replayed
 * click) is refused. The same approval rules and exactly-once transition as a new batch.
 */

import { INPUTS } from '../../cards/actions.ts';
import { canApprove, toActorRef } from '../approvals.ts';
import { flowCompany } from '../companies.ts';
import { audit, auditApproval, type BotContext, newFlowId, requesterOf } from '../context.ts';
import type { ActionEvent, ActionResponse, MessageEvent, Replier } from '../events.ts';
import type { FlowRecord } from '../ports.ts';
import { nothingToPostLine, rerunMessage } from '../views/rerun-view.ts';
import { progressMessage } from '../views/results-view.ts';
import { busyLine, loadFlow, refuse } from './common.ts';
import { errorNotice } from './errors.ts';
import { finishRun, progressUpdater, pushProgress, runThrew } from './posting.ts';

export async function startRerun(
  ctx: BotContext,
  event: MessageEvent,
  replier: Replier,
  batch: string,
  force = false,
): Promise<void> {
  const actor = toActorRef(event.actor);
  await replier.reply({ text: `Rebuilding batch ${batch} from Manage and looking its documents up in Sage…` });
  let plan;
  try {
    plan = await ctx.engine.rerunPlan(batch);
  } catch (err) {
    await audit(ctx, 'request', actor, { command: 'rerun', batch, failed: true }, event.eventId);
    await replier.reply(errorNotice(ctx, err, `Cannot rerun batch ${batch}`));
    return;
  }
  const at = ctx.now().toISOString();
  const flow: FlowRecord = {
    id: newFlowId(),
    ...flowCompany(ctx),
    type: 'rerun',
    state: 'ready',
    conversation: event.conversation,
    requester: actor,
    kind: plan.kind,
    options: { force },
    batchId: plan.batch,
    createdAt: at,
    updatedAt: at,
  };
  await ctx.stores.flows.savePayload(flow.id, { plan });
  await ctx.stores.flows.create(flow);
  await audit(
    ctx,
    'request',
    actor,
    { command: 'rerun', batch: plan.batch, flowId: flow.id, documents: plan.documents.length, force },
    event.eventId,
  );
  const ref = await replier.reply(rerunMessage(flow, plan, 0));
  await ctx.stores.flows.patch(flow.id, { messageRef: ref });
}

function truthy(v: unknown): boolean {
  return v === true || (typeof v === 'string' && ['true', 'on', 'yes', '1'].includes(v.toLowerCase()));
}

export async function approveRerun(ctx: BotContext, event: ActionEvent): Promise<ActionResponse> {
  const loaded = await loadFlow(ctx, event, ['rerun']);
  if (!loaded.ok) return loaded.response;
  return ctx.locks.run(loaded.flow.id, async () => {
    const flow = await ctx.stores.flows.get(loaded.flow.id);
    if (!flow) return { toast: 'This card is no longer active.' };
    const actor = toActorRef(event.actor);
    const force = Boolean(flow.options.force) || truthy(event.data[INPUTS.force]);
    const nothing = flow.state === 'ready' && !force ? await nothingToPost(ctx, flow) : undefined;
    if (nothing) return refuse(ctx, event, flow, nothing, 'RERUN_NOTHING_TO_POST');
    const decision = canApprove(actor, flow.requester, ctx.policy, force ? 'force' : 'rerun');
    if (!decision.allowed) return refuse(ctx, event, flow, decision.reason, decision.code);
    const at = ctx.now().toISOString();
    const claimed = await ctx.stores.flows.transition(flow.id, ['ready'], 'posting', {
      approvedBy: actor,
      approvedAt: at,
      options: { ...flow.options, force },
    });
    if (!claimed.ok) return { toast: busyLine(claimed.flow ?? flow) };
    const unaudited = await auditApproval(
      ctx,
      actor,
      { flowId: flow.id, batch: flow.batchId, rerun: true, force, requester: flow.requester.name },
      event.eventId,
    );
    if (unaudited) {
      await ctx.stores.flows.transition(flow.id, ['posting'], 'ready', {
        approvedBy: undefined,
        approvedAt: undefined,
        options: flow.options,
      });
      return { toast: unaudited };
    }
    const progress = progressMessage(
      flow.id,
      `Rerun of batch ${flow.batchId ?? ''}`,
      { phase: 'starting', done: 0, total: 0 },
      at,
      ctx.config.timeZone,
    );
    ctx.state.lastProgress.set(flow.id, progress);
    ctx.tasks.spawn('rerun', () => runRerun(ctx, claimed.flow, event));
    return { message: progress };
  });
}

/** The answer to an approval of a rerun that would post nothing (its plan has every document in Sage). */
async function nothingToPost(ctx: BotContext, flow: FlowRecord): Promise<string | undefined> {
  const { plan } = await ctx.stores.flows.loadPayload(flow.id);
  if (!plan || plan.documents.some((d) => !d.alreadyInSage)) return undefined;
  return `${nothingToPostLine(plan.batch)} Nothing was started.`;
}

async function runRerun(ctx: BotContext, flow: FlowRecord, event: ActionEvent): Promise<void> {
  const ref = flow.messageRef ?? event.message;
  const updater = progressUpdater(ctx, flow, ref);
  try {
    const result = await ctx.engine.rerun(flow.batchId ?? '', {
      force: Boolean(flow.options.force),
      user: requesterOf(flow.approvedBy ?? flow.requester),
      onProgress: (p) => pushProgress(ctx, flow, updater, p),
    });
    await finishRun(ctx, flow, result, updater, true);
  } catch (err) {
    await runThrew(ctx, flow, err, updater);
  } finally {
    ctx.state.lastProgress.delete(flow.id);
  }
}
