/**
 * A rerun in Block Kit: the plain duplicate warning, counts, a page of the batch's documents, a Force
 * checkbox (read from `state.values[SLACK_BLOCK_IDS.force][INPUTS.force]`), Approve rerun (with a confirm
 * dialog) + Cancel, or the final line.
 */

import { INPUTS, VERBS } from '../actions.ts';
import { formatCount, listOf, missingData } from '../text.ts';
import type { RerunView } from '../view-models.ts';
import { RERUN_FINAL, rerunApproval } from '../wording.ts';
import { actions, type Block, button, factFields, header, pagedList, rowLine, section } from './blocks.ts';
import { type ActionIds, SLACK_BLOCK_IDS } from './ids.ts';
import type { SlackBudget } from './limits.ts';
import { md } from './mrkdwn.ts';

export function forceInput(): Block {
  return {
    type: 'input',
    block_id: SLACK_BLOCK_IDS.force,
    optional: true,
    label: { type: 'plain_text', text: 'Duplicates' },
    element: {
      type: 'checkboxes',
      action_id: INPUTS.force,
      options: [
        {
          text: { type: 'plain_text', text: 'Also post again what is already in Sage (creates duplicates)' },
          value: 'true',
        },
      ],
    },
  };
}

export function rerunBlocks(v: RerunView, b: SlackBudget, ids: ActionIds): Block[] {
  const blocks: Block[] = [
    header(v.title, 'rerun.title', b),
    section(`:warning: *${md(v.warning, b.text * 2, 'rerun.warning', true)}*`),
    ...factFields(
      [
        { title: 'Batch', value: v.batch },
        { title: 'Already in Sage', value: formatCount(v.alreadyInSage) },
        { title: 'To post', value: formatCount(v.toPost) },
      ],
      'rerun',
      b,
    ),
  ];
  if (!v.documents) throw missingData('rerun.documents');
  const rows = listOf(v.documents.rows, 'rerun.documents.rows');
  blocks.push(
    ...pagedList(
      md(v.documents.title, b.title, 'rerun.documents.title'),
      rows,
      v.paging,
      (r, i) => rowLine(r?.cells, b, `rerun.documents.rows[${i}]`),
      { flowId: v.flowId, card: 'rerun' },
      ids,
      b,
    ).blocks,
  );
  if (v.state !== 'ready') return [...blocks, section(`*${RERUN_FINAL[v.state] ?? ''}*`)];
  const flow = { flowId: v.flowId };
  const { canApprove, showForce, approveTitle } = rerunApproval(v);
  const approve = button(ids, VERBS.approveRerun, approveTitle, flow, {
    style: 'primary',
    confirm: v.forced
      ? {
          title: 'Force this rerun?',
          text: 'Every document is sent to Sage again, including those Sage already holds: this creates duplicates.',
          confirm: 'Force rerun',
          deny: 'Back',
        }
      : {
          title: 'Rerun this batch?',
          text: 'Documents already in Sage are skipped unless Force is ticked; ticking it posts them again.',
          confirm: 'Rerun',
          deny: 'Back',
        },
  });
  return [
    ...blocks,
    ...(showForce ? [forceInput()] : []),
    ...actions([...(canApprove ? [approve] : []), button(ids, VERBS.cancel, 'Cancel', flow)]),
  ];
}
