/**
 * The preview message in Block Kit: through date (prominent), summary, one page of transactions with
 * Previous / Show more, summary tables side by side, what will be created, and by state the batch-number input
 * + Approve + Cancel (ready), problems + Re-check + Cancel (blocked), changes + Approve again (stale), or a
 * final line without buttons. The adapter reads the batch number from
 * `state.values[SLACK_BLOCK_IDS.batchId][INPUTS.batchId].value` when Approve is clicked.
 */

import { BATCH_ID_EXAMPLE, BATCH_ID_MAX_LENGTH, BATCH_ID_RULE, INPUTS, VERBS } from '../actions.ts';
import { clip, listOf } from '../text.ts';
import type { PreviewTxRow, PreviewView } from '../view-models.ts';
import { PREVIEW_STATE_LINE, previewFinalText, txStatusText } from '../wording.ts';
import {
  actions,
  type Block,
  bulletSection,
  button,
  context,
  divider,
  factFields,
  header,
  pagedList,
  problemsSection,
  section,
  tableFields,
} from './blocks.ts';
import { choiceBlocks } from './choices.ts';
import { type ActionIds, SLACK_BLOCK_IDS } from './ids.ts';
import type { SlackBudget } from './limits.ts';
import { md, mdOpt } from './mrkdwn.ts';

const STATUS_MARK = { transfer: '', skip: ':heavy_minus_sign: ', problem: ':warning: ' } as const;

function txLine(r: PreviewTxRow, b: SlackBudget): string {
  const id = mdOpt(`${r?.type ?? ''} ${r?.number ?? ''}`.trim(), b.cell) || '–';
  const rest = [r?.date, r?.party, r?.amount]
    .map((c) => mdOpt(c, b.cell))
    .filter(Boolean)
    .join(' · ');
  return `${STATUS_MARK[r?.status] ?? ''}*${id}* ${rest} · _${mdOpt(txStatusText(r), b.cell * 2)}_`;
}

function subtitle(v: PreviewView, b: SlackBudget): string {
  const parts = [
    md(v.batchKind, b.cell, 'preview.batchKind'),
    `requested by ${md(v.requestedBy, b.cell, 'preview.requestedBy')}`,
    `detail: ${md(v.detail, b.cell, 'preview.detail')}`,
  ];
  if (v.location) parts.push(`location: ${mdOpt(v.location, b.cell)}`);
  return parts.join(' · ');
}

/** The batch number input (also used by the modal). */
export function batchIdInput(v: PreviewView): Block {
  const initial = clip(v.batchId ?? '', BATCH_ID_MAX_LENGTH);
  return {
    type: 'input',
    block_id: SLACK_BLOCK_IDS.batchId,
    label: { type: 'plain_text', text: 'Batch number' },
    hint: { type: 'plain_text', text: `Use ${BATCH_ID_RULE}.` },
    element: {
      type: 'plain_text_input',
      action_id: INPUTS.batchId,
      max_length: BATCH_ID_MAX_LENGTH,
      min_length: 1,
      placeholder: { type: 'plain_text', text: `e.g. ${BATCH_ID_EXAMPLE}` },
      ...(initial ? { initial_value: initial } : {}),
    },
  };
}

/** What changed since the approved preview (a stale outcome's reasons), in any state the view carries them. */
function changedBlocks(v: PreviewView, b: SlackBudget): Block[] {
  return v.staleChanges?.length
    ? bulletSection(':warning: What changed', v.staleChanges, 'preview.staleChanges', b)
    : [];
}

function openBlocks(v: PreviewView, b: SlackBudget, ids: ActionIds): Block[] {
  const out: Block[] = [];
  out.push(...changedBlocks(v, b));
  out.push(
    ...problemsSection(
      v.state === 'blocked' ? ':no_entry: Fix these before posting' : 'Warnings',
      v.problems,
      'preview.problems',
      b,
    ),
  );
  const rows = listOf(v.transactions, 'preview.transactions');
  out.push(
    divider(),
    ...pagedList('Transactions', rows, v.paging, (r) => txLine(r, b), { flowId: v.flowId, card: 'preview' }, ids, b)
      .blocks,
  );
  out.push(
    ...tableFields(
      [
        [v.totalsByType, 'preview.totalsByType'],
        [v.totalsByCurrency, 'preview.totalsByCurrency'],
        [v.nominalImpact, 'preview.nominalImpact'],
        [v.taxImpact, 'preview.taxImpact'],
      ],
      b,
    ),
  );
  const creations = listOf(v.creations, 'preview.creations')
    .slice(0, b.facts)
    .map(
      (f, i) =>
        `• ${md(f?.title, b.title, `preview.creations[${i}].title`)}: ${md(f?.value, b.text, `preview.creations[${i}].value`)}`,
    );
  if (creations.length) out.push(section(['*Will be created in Sage*', ...creations].join('\n')));
  if (v.note) out.push(context(mdOpt(v.note, b.text)));
  if (v.leftOut?.length) out.push(...bulletSection('Left out of this batch', v.leftOut, 'preview.leftOut', b));
  if (v.skipReasons?.length)
    out.push(...bulletSection('Why some are not transferred', v.skipReasons, 'preview.skipReasons', b));
  out.push(...choiceBlocks(v.choose, v.flowId, ids));
  return out;
}

function controls(v: PreviewView, ids: ActionIds): Block[] {
  const flow = { flowId: v.flowId };
  const out: Block[] = [];
  const canApprove = v.state === 'ready' || v.state === 'stale';
  if (canApprove) out.push(batchIdInput(v));
  if (canApprove && v.batchIdError) out.push(context(`:warning: ${mdOpt(v.batchIdError, 500)}`));
  const buttons: Block[] = [];
  if (canApprove)
    buttons.push(
      button(ids, VERBS.approve, v.state === 'stale' ? 'Approve again' : 'Approve', flow, { style: 'primary' }),
    );
  if (v.state === 'blocked' || v.choose)
    buttons.push(button(ids, VERBS.recheck, 'Re-check', flow, v.state === 'blocked' ? { style: 'primary' } : {}));
  buttons.push(button(ids, VERBS.cancel, 'Cancel', flow));
  return [...out, ...actions(buttons)];
}

export function previewBlocks(v: PreviewView, b: SlackBudget, ids: ActionIds): Block[] {
  const final = previewFinalText(v);
  const blocks: Block[] = [
    header(v.title, 'preview.title', b),
    section(`:calendar: *Through ${md(v.throughDate, b.title, 'preview.throughDate')}*`),
    context(subtitle(v, b)),
  ];
  if (!final) blocks.push(section(PREVIEW_STATE_LINE[v.state] ?? ' '));
  blocks.push(...factFields(v.summary, 'preview.summary', b));
  if (final) return [...blocks, ...changedBlocks(v, b), section(`*${mdOpt(final, b.text * 2)}*`)];
  return [...blocks, ...openBlocks(v, b, ids), ...controls(v, ids)];
}
