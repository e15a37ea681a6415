/**
 * The choices panel of an open preview card: the transactions as a multi-select (ticked = in the batch) with
 * Select all / Select none, the location (only those with transactions) and the detail level, applied by
 * Re-check. Data: `choose` as built by `chooseData`.
 */
import { ALL_LOCATIONS, INPUTS, VERBS } from '../actions.ts';
import { clip } from '../text.ts';
import type { PreviewChoices } from '../view-models.ts';
import { actionSet, execute, type Json } from './fragments.ts';
import type { Budget } from './limits.ts';

const DETAIL_CHOICES = [
  { title: 'Default', value: 'Default' },
  { title: 'Condensed (one line per product type)', value: 'Condensed' },
  { title: 'Detailed (every line)', value: 'Detailed' },
];

export function choicesFragment(flow: Json): Json {
  return {
    type: 'Container',
    $when: '${choose.show}',
    separator: true,
    spacing: 'Medium',
    items: [
      { type: 'TextBlock', text: 'Choose what goes in this batch, then press Re-check', weight: 'Bolder', wrap: true },
      {
        type: 'Input.ChoiceSet',
        $when: '${choose.canTick}',
        id: INPUTS.selected,
        label: 'Transactions (ticked ones go in the batch)',
        isMultiSelect: true,
        style: 'expanded',
        value: '${choose.value}',
        choices: [{ $data: '${choose.transactions}', title: '${title}', value: '${value}' }],
      },
      actionSet(
        [
          execute(VERBS.selectAll, 'Select all', flow, { inputs: 'none' }),
          execute(VERBS.selectNone, 'Select none', flow, { inputs: 'none' }),
        ],
        '${choose.canTick}',
      ),
      { type: 'TextBlock', $when: '${choose.hasTooMany}', text: '${choose.tooMany}', wrap: true, isSubtle: true },
      {
        type: 'Input.ChoiceSet',
        id: INPUTS.location,
        label: 'Location',
        style: 'compact',
        value: '${choose.location}',
        choices: [{ $data: '${choose.locations}', title: '${title}', value: '${value}' }],
      },
      {
        type: 'Input.ChoiceSet',
        id: INPUTS.detail,
        label: 'Detail level (the line text Sage gets)',
        style: 'compact',
        value: '${choose.detail}',
        choices: DETAIL_CHOICES,
      },
    ],
  };
}

export function chooseData(c: PreviewChoices | undefined, b: Budget): Record<string, unknown> {
  if (!c) return { show: false, canTick: false, hasTooMany: false, transactions: [], locations: [], value: '' };
  return {
    show: true,
    canTick: !c.tooMany && c.transactions.length > 0,
    transactions: c.transactions.map((t) => ({ title: clip(t.title, b.cell * 2), value: clip(t.value, 60) })),
    value: c.selected
      .slice(0, 100)
      .map((v) => clip(v, 60))
      .join(','),
    hasTooMany: !!c.tooMany,
    tooMany: clip(c.tooMany ?? '', b.text),
    locations: [
      { title: 'All locations', value: ALL_LOCATIONS },
      ...c.locations.slice(0, 50).map((l) => ({ title: clip(l, 60), value: clip(l, 60) })),
    ],
    location: clip(c.location, 60) || ALL_LOCATIONS,
    detail: clip(c.detail, 20),
  };
}
