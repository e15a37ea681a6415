/**
 * After a restart: flows that were mid-way in the previous process are put where a user can act. A flow
 * still re-checking before posting goes back to its card (nothing was posted: Approve again re-checks);
 * one that was posting is marked interrupted, because the engine's journal, not the bot, finishes that run
 * (`sagebot resume`, or the engine's resume at start-up) without posting anything twice.
 */

import type { BotContext } from '../context.ts';
import type { FlowRecord } from '../ports.ts';
import { cardRef, renderFlow, updateCard } from './common.ts';

const INTERRUPTED =
  'sagebot restarted while this was running. An interrupted posting is finished by the engine on start without posting anything twice; say "batches" to see the outcome.';

export async function recoverInterrupted(ctx: BotContext): Promise<number> {
  const stuck = await ctx.stores.flows.list({ states: ['checking', 'rechecking', 'posting'] });
  let n = 0;
  for (const flow of stuck) {
    const moved = await recoverOne(ctx, flow);
    if (!moved) continue;
    n++;
    await updateCard(ctx, cardRef(moved), await renderFlow(ctx, moved));
  }
  if (n) ctx.logger.info({ flows: n }, 'recovered flows interrupted by a restart');
  return n;
}

async function recoverOne(ctx: BotContext, flow: FlowRecord): Promise<FlowRecord | undefined> {
  const { flows } = ctx.stores;
  if (flow.state === 'checking') {
    const r = await flows.transition(flow.id, ['checking'], 'ready', {
      approvedBy: undefined,
      note: 'sagebot restarted before posting began; nothing was posted. Approve again to post.',
    });
    return r.ok ? r.flow : undefined;
  }
  if (flow.state === 'rechecking') {
    const r = await flows.transition(flow.id, ['rechecking'], 'blocked', { note: 'Press Re-check again.' });
    return r.ok ? r.flow : undefined;
  }
  const r = await flows.transition(flow.id, ['posting'], 'failed', { error: INTERRUPTED });
  return r.ok ? r.flow : undefined;
}
