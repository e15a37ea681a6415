/**
 * The progress card, updated in place while a batch or a payment sync runs: "n of N", a bar (a ColumnSet whose
 * column widths are the done and remaining shares, plus a text bar for hosts that draw columns poorly), the
 * phase and the current item. A Refresh button re-asks for the card if an update was missed.
 */

import { VERBS } from '../actions.ts';
import { clip } from '../text.ts';
import type { ProgressView } from '../view-models.ts';
import { percent, progressLine, textBar } from '../wording.ts';
import { factsData, headerData } from './data.ts';
import type { CardSpec } from './expand.ts';
import { cardTemplate, execute, facts, header } from './fragments.ts';
import type { Budget } from './limits.ts';

const barColumn = (share: string, when: string, style: string) => ({
  type: 'Column',
  $when: when,
  width: share,
  style,
  minHeight: '14px',
  spacing: 'None',
  items: [{ type: 'TextBlock', text: ' ', size: 'Small' }],
});

const template = cardTemplate(
  [
    ...header(),
    { type: 'TextBlock', text: '${line}', size: 'Large', weight: 'Bolder', wrap: true, spacing: 'Medium' },
    {
      type: 'ColumnSet',
      spacing: 'Small',
      columns: [
        barColumn('${bar.done}', '${bar.hasDone}', 'good'),
        barColumn('${bar.left}', '${bar.hasLeft}', 'emphasis'),
      ],
    },
    { type: 'TextBlock', text: '${bar.text}', fontType: 'Monospace', wrap: true, spacing: 'Small', isSubtle: true },
    facts('facts'),
  ],
  [execute(VERBS.refresh, 'Refresh', { flowId: '${flowId}', card: 'progress' }, { inputs: 'none' })],
);

function data(v: ProgressView, b: Budget): Record<string, unknown> {
  const pct = percent(v.done, v.total);
  const counted = v.total > 0;
  const list = [
    { title: 'Phase', value: v.phase },
    ...(v.current ? [{ title: 'Now', value: v.current }] : []),
    { title: 'Started', value: v.startedAt },
  ];
  return {
    ...headerData(v.title, undefined, b),
    flowId: v.flowId,
    line: clip(progressLine(v.done, v.total, v.phase), b.text),
    bar: {
      done: pct,
      left: 100 - pct,
      hasDone: counted && pct > 0,
      hasLeft: counted && pct < 100,
      text: counted ? `${textBar(v.done, v.total)} ${pct}%` : ' ',
    },
    facts: factsData(
      list.map((f) => ({ title: f.title, value: clip(f.value, b.text) })),
      'progress.facts',
      b,
    ),
  };
}

export const progressCard: CardSpec<ProgressView> = { name: 'progress', template, data };
