/**
 * RerunView: the documents of a batch rebuilt from Manage, which are already in Sage, and one plain warning.
 * A plain rerun posts what Sage is missing; a forced one ("rerun <batch> force") posts every document again.
 * When a plain rerun would post nothing, the card says so and offers no approval.
 */

import type { RerunView } from '../../cards/view-models.ts';
import type { RerunPlan } from '../../core/export/types.ts';
import type { OutgoingMessage } from '../events.ts';
import type { FlowRecord } from '../ports.ts';
import { companySuffix, paging, plural } from './format.ts';

const DUPLICATES =
  'Documents already in Sage are skipped. Ticking "post again even if already in Sage" posts them a second time and creates duplicates in Sage: use it only when you have deleted them from Sage yourself.';

const FORCED =
  'Forced rerun: every document of the batch is sent to Sage again, including those Sage already holds, which creates duplicates (Sage refuses a second invoice or order with the same number). Approve only if you have deleted them from Sage yourself.';

export function nothingToPostLine(batch: string): string {
  return `Every document of batch ${batch} is already in Sage, so a rerun would post nothing.`;
}

function nothingToPost(batch: string): string {
  return `${nothingToPostLine(batch)} To send them again as duplicates on purpose, say "rerun ${batch} force".`;
}

export function rerunMessage(flow: FlowRecord, plan: RerunPlan, page: number | undefined): OutgoingMessage {
  const forced = Boolean(flow.options.force);
  const already = plan.documents.filter((d) => d.alreadyInSage).length;
  const toPost = forced ? plan.documents.length : plan.documents.length - already;
  const state: RerunView['state'] =
    flow.state === 'ready' ? 'ready' : flow.state === 'cancelled' ? 'cancelled' : 'approved';
  const general = forced ? FORCED : toPost ? DUPLICATES : nothingToPost(plan.batch);
  const view: RerunView = {
    kind: 'rerun',
    flowId: flow.id,
    title: `${forced ? 'Forced rerun' : 'Rerun'} batch ${plan.batch} (${plan.kind})${companySuffix(flow.company)}`,
    batch: plan.batch,
    // One warning, the same everywhere: the engine's general one is covered by it.
    warning: [state === 'ready' ? flow.note : undefined, general].filter(Boolean).join(' '),
    documents: {
      title: 'Documents in the batch',
      columns: ['Manage', 'Sage documents', 'Already in Sage'],
      rows: plan.documents.map((d) => ({ cells: [d.number, d.sage.join(', '), d.alreadyInSage ? 'yes' : 'no'] })),
    },
    paging: paging(page, plan.documents.length),
    alreadyInSage: already,
    toPost,
    ...(forced ? { forced: true } : {}),
    state,
  };
  const text =
    state === 'cancelled'
      ? `Rerun of batch ${plan.batch} cancelled.`
      : !toPost
        ? nothingToPost(plan.batch)
        : forced
          ? `Forced rerun of batch ${plan.batch}: ${plural(toPost, 'document')} to send again, ${already} already in Sage (duplicates). Approve to rerun.`
          : `Rerun batch ${plan.batch}: ${plural(toPost, 'document')} to post, ${already} already in Sage. Approve to rerun.`;
  return { text, card: view };
}
