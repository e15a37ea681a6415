/**
 * The preview card: what would be posted, the resolved through date (prominent, so a wrong guess is seen),
 * the transactions page by page, totals per type and currency, nominal and tax impact, what will be created,
 * and by state: the batch number + Approve + Cancel (ready), problems + Re-check + Cancel (blocked), the
 * changes + Approve again (stale), or a final line without buttons (approved, cancelled, empty).
 */

import { BATCH_ID_EXAMPLE, BATCH_ID_MAX_LENGTH, BATCH_ID_PATTERN, BATCH_ID_RULE, INPUTS, VERBS } from '../actions.ts';
import { clip, listOf } from '../text.ts';
import type { PreviewView } from '../view-models.ts';
import { PREVIEW_STATE_LINE, previewFinalText, TX_COLUMNS, txCells } from '../wording.ts';
import { choicesFragment, chooseData } from './choices.ts';
import { factsData, headerData, itemsData, pagedTableData, problemsData, tableData, textData } from './data.ts';
import type { CardSpec } from './expand.ts';
import { cardTemplate, execute, facts, header, items, pager, paragraph, problems, table } from './fragments.ts';
import type { Budget } from './limits.ts';

const flow = { flowId: '${flowId}' };

const template = cardTemplate(
  [
    ...header(),
    {
      type: 'Container',
      style: 'emphasis',
      spacing: 'Medium',
      items: [
        { type: 'TextBlock', text: 'Through', size: 'Small', isSubtle: true, wrap: true },
        {
          type: 'TextBlock',
          text: '${throughDate}',
          size: 'ExtraLarge',
          weight: 'Bolder',
          color: 'Accent',
          wrap: true,
          spacing: 'None',
        },
      ],
    },
    paragraph('stateLine', { spacing: 'Small' }),
    facts('summary'),
    paragraph('final', { size: 'Medium', weight: 'Bolder' }),
    items('stale', 'warning'),
    problems('problems'),
    items('leftOut', 'emphasis'),
    items('skipReasons', 'emphasis'),
    table('tx'),
    pager('txPager', { ...flow, card: 'preview' }),
    table('totalsByType'),
    table('totalsByCurrency'),
    table('nominalImpact'),
    table('taxImpact'),
    facts('creations'),
    paragraph('note', { isSubtle: true, size: 'Small' }),
    choicesFragment(flow),
    {
      type: 'Input.Text',
      $when: '${input.show}',
      id: INPUTS.batchId,
      label: 'Batch number',
      value: '${input.value}',
      placeholder: `e.g. ${BATCH_ID_EXAMPLE}`,
      isRequired: true,
      errorMessage: `Use ${BATCH_ID_RULE}.`,
      regex: BATCH_ID_PATTERN,
      maxLength: BATCH_ID_MAX_LENGTH,
      spacing: 'Large',
    },
    paragraph('inputError', { color: 'Attention', spacing: 'Small' }),
  ],
  [
    execute(VERBS.approve, '${approveTitle}', flow, { style: 'positive', when: '${canApprove}' }),
    execute(VERBS.recheck, 'Re-check', flow, { when: '${canRecheck}' }),
    execute(VERBS.cancel, 'Cancel', flow, { inputs: 'none', when: '${canCancel}' }),
  ],
);

function subtitle(v: PreviewView): string {
  const parts = [v.batchKind, `requested by ${v.requestedBy}`, `detail: ${v.detail}`];
  if (v.location) parts.push(`location: ${v.location}`);
  return parts.join(' · ');
}

const ROW_STYLE = { transfer: 'default', skip: 'emphasis', problem: 'attention' } as const;

function transactions(v: PreviewView, b: Budget) {
  const rows = listOf(v.transactions, 'preview.transactions');
  const asTable = {
    title: 'Transactions',
    columns: TX_COLUMNS,
    rows: rows.map((r) => ({ cells: txCells(r), style: ROW_STYLE[r.status] ?? 'default' })),
  };
  const { table: tx, pager: txPager } = pagedTableData(asTable, v.paging, 'preview.transactions', b, {
    widths: [2, 2, 3, 2, 3],
  });
  return { tx, txPager };
}

function data(v: PreviewView, b: Budget): Record<string, unknown> {
  const final = previewFinalText(v);
  const open = !final;
  const showInput = v.state === 'ready' || v.state === 'stale';
  const { tx, txPager } = transactions(v, b);
  const hide = <T extends { show: boolean }>(d: T): T => (open ? d : { ...d, show: false });
  return {
    ...headerData(v.title, subtitle(v), b),
    flowId: v.flowId,
    throughDate: clip(v.throughDate, b.title),
    stateLine: textData(open ? PREVIEW_STATE_LINE[v.state] : undefined, b),
    summary: factsData(v.summary, 'preview.summary', b),
    final: textData(final, b, v.state === 'cancelled' ? 'Warning' : 'Good'),
    leftOut: hide(itemsData('Left out of this batch', v.leftOut ?? [], 'preview.leftOut', b)),
    choose: open ? chooseData(v.choose, b) : chooseData(undefined, b),
    stale: itemsData('What changed', v.staleChanges ?? [], 'preview.staleChanges', b),
    problems: hide(
      problemsData(v.state === 'blocked' ? 'Fix these before posting' : 'Warnings', v.problems, 'preview.problems', b),
    ),
    tx: hide(tx),
    txPager: open ? txPager : { ...txPager, hasPager: false },
    totalsByType: hide(tableData(v.totalsByType, 'preview.totalsByType', b)),
    totalsByCurrency: hide(tableData(v.totalsByCurrency, 'preview.totalsByCurrency', b)),
    nominalImpact: hide(tableData(v.nominalImpact, 'preview.nominalImpact', b, { widths: [1, 2, 1, 1] })),
    taxImpact: hide(tableData(v.taxImpact, 'preview.taxImpact', b)),
    // The accounts to create carry their names: the list is a sentence, not a cell.
    creations: hide(
      factsData(v.creations, 'preview.creations', b, { title: 'Will be created in Sage', valueMax: b.text }),
    ),
    skipReasons: hide(itemsData('Why some are not transferred', v.skipReasons ?? [], 'preview.skipReasons', b)),
    note: textData(open ? v.note : undefined, b),
    input: { show: showInput, value: clip(v.batchId ?? '', BATCH_ID_MAX_LENGTH) },
    inputError: textData(showInput ? v.batchIdError : undefined, b, 'Attention'),
    approveTitle: v.state === 'stale' ? 'Approve again' : 'Approve',
    canApprove: showInput,
    canRecheck: v.state === 'blocked' || (open && !!v.choose),
    canCancel: open,
  };
}

export const previewCard: CardSpec<PreviewView> = { name: 'preview', template, data };
