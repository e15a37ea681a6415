/** RerunView: the documents of a batch rebuilt from Manage, which are already in Sage, and a plain warning. */

import type { RerunView } from '../../cards/view-models.ts';
import type { RerunPlan } from '../../core/export/types.ts';
import type { OutgoingMessage } from '../events.ts';
import type { FlowRecord } from '../ports.ts';
import { paging, plural } from './format.ts';

const DUPLICATES =
  'Documents already in Sage are skipped. Ticking "post again even if already in Sage" posts them a second time and creates duplicates in Sage: use it only when you have deleted them from Sage yourself.';

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
    warning: [state === 'ready' ? flow.note : undefined, plan.warning, DUPLICATES].filter(Boolean).join(' '),
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
      : `Rerun batch ${plan.batch}: ${plural(toPost, 'document')} to post, ${already} already in Sage. Approve to rerun.`;
  return { text, card: view };
}
