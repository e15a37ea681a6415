/**
 * The choices of an open preview in Block Kit: a multi-select of the transactions (selected = in the batch)
 * with Select all / Select none, and the location and detail level, applied by Re-check. The adapter reads
 * them from `state.values` (readChoices in ./ids.ts).
 */
import { ALL_LOCATIONS, INPUTS, VERBS } from '../actions.ts';
import type { PreviewChoices } from '../view-models.ts';
import { actions, type Block, button, context, section } from './blocks.ts';
import { type ActionIds, SLACK_BLOCK_IDS } from './ids.ts';
import { mdOpt } from './mrkdwn.ts';

/** Slack's limits: option text 75 characters, value 150, 100 options per select. */
const option = (text: string, value: string) => ({
  text: { type: 'plain_text', text: text.length > 75 ? `${text.slice(0, 74)}…` : text || ' ' },
  value: value.slice(0, 150) || ALL_LOCATIONS,
});

const DETAILS = ['Default', 'Condensed', 'Detailed'];

function select(blockId: string, actionId: string, label: string, element: Record<string, unknown>): Block {
  return {
    type: 'input',
    block_id: blockId,
    optional: true,
    label: { type: 'plain_text', text: label },
    element: { action_id: actionId, ...element },
  };
}

export function choiceBlocks(c: PreviewChoices | undefined, flowId: string, ids: ActionIds): Block[] {
  if (!c) return [];
  const out: Block[] = [section('*Choose what goes in this batch, then press Re-check*')];
  const rows = c.transactions.slice(0, 100);
  if (!c.tooMany && rows.length) {
    const chosen = rows.filter((r) => c.selected.includes(r.value)).map((r) => option(r.title, r.value));
    out.push(
      select(SLACK_BLOCK_IDS.selected, INPUTS.selected, 'Transactions in the batch', {
        type: 'multi_static_select',
        options: rows.map((r) => option(r.title, r.value)),
        ...(chosen.length ? { initial_options: chosen } : {}),
      }),
      ...actions([
        button(ids, VERBS.selectAll, 'Select all', { flowId }),
        button(ids, VERBS.selectNone, 'Select none', { flowId }),
      ]),
    );
  }
  if (c.tooMany) out.push(context(mdOpt(c.tooMany, 500)));
  const locations = [option('All locations', ALL_LOCATIONS), ...c.locations.slice(0, 99).map((l) => option(l, l))];
  const current = locations.find((o) => o.value === (c.location || ALL_LOCATIONS)) ?? locations[0];
  out.push(
    select(SLACK_BLOCK_IDS.location, INPUTS.location, 'Location', {
      type: 'static_select',
      options: locations,
      initial_option: current,
    }),
    select(SLACK_BLOCK_IDS.detail, INPUTS.detail, 'Detail level (the line text Sage gets)', {
      type: 'static_select',
      options: DETAILS.map((d) => option(d, d)),
      initial_option: option(c.detail, c.detail),
    }),
  );
  return out;
}
