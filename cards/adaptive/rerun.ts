/**
 * The rerun card: the batch's documents (paged) and which are already in Sage, a plain warning about
 * duplicates, and an explicit Approve rerun (with a Force toggle to post again what is already there) + Cancel.
 * A forced rerun has "Approve forced rerun" and no toggle; a rerun that would post nothing has only Cancel.
 */

import { INPUTS, VERBS } from '../actions.ts';
import { clip, formatCount } from '../text.ts';
import type { RerunView } from '../view-models.ts';
import { RERUN_FINAL, rerunApproval } from '../wording.ts';
import { factsData, headerData, pagedTableData, textData } from './data.ts';
import type { CardSpec } from './expand.ts';
import { cardTemplate, execute, facts, header, pager, paragraph, table } from './fragments.ts';
import type { Budget } from './limits.ts';

const flow = { flowId: '${flowId}' };

const template = cardTemplate(
  [
    ...header(),
    {
      type: 'Container',
      style: 'warning',
      spacing: 'Medium',
      items: [{ type: 'TextBlock', text: '${warning}', wrap: true, weight: 'Bolder', color: 'Warning' }],
    },
    facts('counts'),
    table('documents'),
    pager('documentsPager', { ...flow, card: 'rerun' }),
    paragraph('final', { size: 'Medium', weight: 'Bolder' }),
    {
      type: 'Input.Toggle',
      $when: '${showForce}',
      id: INPUTS.force,
      label: 'Duplicates',
      title: 'Also post again the documents already in Sage (creates duplicates)',
      value: 'false',
      valueOn: 'true',
      valueOff: 'false',
      wrap: true,
      spacing: 'Medium',
    },
  ],
  [
    execute(VERBS.approveRerun, '${approveTitle}', flow, { style: 'positive', when: '${canApprove}' }),
    execute(VERBS.cancel, 'Cancel', flow, { inputs: 'none', when: '${ready}' }),
  ],
);

function data(v: RerunView, b: Budget): Record<string, unknown> {
  const ready = v.state === 'ready';
  const { table: documents, pager: documentsPager } = pagedTableData(v.documents, v.paging, 'rerun.documents', b);
  const counts = [
    { title: 'Batch', value: clip(v.batch, b.cell * 2) },
    { title: 'Already in Sage', value: formatCount(v.alreadyInSage) },
    { title: 'To post', value: formatCount(v.toPost) },
  ];
  return {
    ...headerData(v.title, undefined, b),
    flowId: v.flowId,
    warning: clip(v.warning, b.text * 2, true),
    counts: factsData(counts, 'rerun.counts', b),
    documents,
    documentsPager: ready ? documentsPager : { ...documentsPager, hasPager: false },
    final: textData(
      v.state === 'ready' ? undefined : RERUN_FINAL[v.state],
      b,
      v.state === 'approved' ? 'Good' : 'Warning',
    ),
    ready,
    ...rerunApproval(v),
  };
}

export const rerunCard: CardSpec<RerunView> = { name: 'rerun', template, data };
