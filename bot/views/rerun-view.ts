/** RerunView: the documents of a batch rebuilt from Manage, which are already in Sage, and a plain warning. */

import type { RerunView } from '../../cards/view-models.ts';
import type { RerunPlan } from '../../core/export/types.ts';
import type { OutgoingMessage } from '../events.ts';
import type { FlowRecord } from '../ports.ts';
import { paging, plural } from './format.ts';

const DUPLICATES =
  'Documents already in Sage are skipped. Ticking "post again even if already in Sage" posts them a second time and creates duplicates in Sage: use it only when you have deleted them from Sage yourself.';

function nothingToPost(batch: string): string {
  return `Every document of batch ${batch} is already in Sage, so a rerun would post nothing (unless duplicates are asked for).`;
}

export function rerunMessage(flow: FlowRecord, plan: RerunPlan, page: number | undefined): OutgoingMessage {
  const already = plan.documents.filter((d) => d.alreadyInSage).length;
  const toPost = plan.documents.length - already;
  const state: RerunView['state'] =
    flow.state === 'ready' ? 'ready' : flow.state === 'cancelled' ? 'cancelled' : 'approved';
  const view: RerunView = {
    kind: 'rerun',
    flowId: flow.id,
    title: `Rerun batch ${plan.batch} (${plan.kind})`,
    batch: plan.batch,
    // One warning, the same everywhere: the engine's general one is covered by it.
    warning: [state === 'ready' ? flow.note : undefined, toPost ? DUPLICATES : nothingToPost(plan.batch)]
      .filter(Boolean)
      .join(' '),
    documents: {
      title: 'Documents in the batch',
      columns: ['Manage', 'Sage documents', 'Already in Sage'],
      rows: plan.documents.map((d) => ({ cells: [d.number, d.sage.join(', '), d.alreadyInSage ? 'yes' : 'no'] })),
    },
    paging: paging(page, plan.documents.length),
    alreadyInSage: already,
    toPost,
    state,
  };
  const text =
    state === 'cancelled'
      ? `Rerun of batch ${plan.batch} cancelled.`
      : toPost
        ? `Rerun batch ${plan.batch}: ${plural(toPost, 'document')} to post, ${already} already in Sage. Approve to rerun.`
        : nothingToPost(plan.batch);
  return { text, card: view };
}
