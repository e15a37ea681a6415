/**
 * The results card of a batch: the outcome in its colour, the facts (counts, batch, Manage batch id), the
 * totals, each failed item with its fix, a page of what was posted (Show more), what was skipped, and links to
 * download the error list and the full log.
 */

import { clip, listOf, safeUrl } from '../text.ts';
import type { ResultsView } from '../view-models.ts';
import { FAILED_TITLE, OUTCOME_LABEL } from '../wording.ts';
import { factsData, headerData, itemsData, pagedTableData, problemsData, tableData } from './data.ts';
import type { CardSpec } from './expand.ts';
import { cardTemplate, facts, header, items, type Json, pager, problems, table } from './fragments.ts';
import type { Budget } from './limits.ts';

export const MAX_LINKS = 5;

const STYLE = { completed: 'good', partial: 'warning', failed: 'attention' } as const;
const COLOR = { completed: 'Good', partial: 'Warning', failed: 'Attention' } as const;

/** Download links as OpenUrl buttons (only http/https; at most five, the ActionSet limit). */
export function linksTemplate(): Json {
  return {
    type: 'ActionSet',
    $when: '${links.show}',
    spacing: 'Medium',
    actions: [{ $data: '${links.items}', type: 'Action.OpenUrl', title: '${title}', url: '${url}' }],
  };
}

export function linksData(links: ResultsView['links'] | undefined, where: string, b: Budget) {
  const items = listOf(links, where)
    .map((l) => ({ title: clip(l?.title ?? 'Download', Math.min(b.title, 40)), url: safeUrl(l?.url) }))
    .filter((l): l is { title: string; url: string } => !!l.url)
    .slice(0, MAX_LINKS);
  return { show: items.length > 0, items };
}

const template = cardTemplate([
  ...header(),
  {
    type: 'Container',
    style: '${outcome.style}',
    spacing: 'Medium',
    items: [
      {
        type: 'TextBlock',
        text: '${outcome.label}',
        size: 'Large',
        weight: 'Bolder',
        color: '${outcome.color}',
        wrap: true,
      },
      { type: 'TextBlock', text: '${outcome.batch}', wrap: true, spacing: 'None' },
    ],
  },
  facts('summary'),
  table('totals'),
  problems('failed'),
  table('posted'),
  pager('postedPager', { flowId: '${flowId}', card: 'results' }),
  table('skipped'),
  items('skipReasons', 'emphasis'),
  problems('readBackDifferences'),
  table('readBack'),
  linksTemplate(),
]);

function data(v: ResultsView, b: Budget): Record<string, unknown> {
  const batch = [`Batch ${v.batch}`, v.manageBatchId ? `Manage batch ${v.manageBatchId}` : '']
    .filter(Boolean)
    .join(' · ');
  const { table: posted, pager: postedPager } = pagedTableData(v.posted, v.paging, 'results.posted', b);
  return {
    ...headerData(v.title, undefined, b),
    flowId: v.flowId,
    outcome: {
      style: STYLE[v.outcome] ?? 'default',
      color: COLOR[v.outcome] ?? 'Default',
      label: OUTCOME_LABEL[v.outcome] ?? clip(v.outcome, b.title),
      batch: clip(batch, b.text),
    },
    // Room for a line per inventory kind and one for what Sage already held besides the usual facts.
    summary: factsData(v.summary, 'results.summary', b, { max: b.facts + 6 }),
    totals: tableData(v.totals, 'results.totals', b),
    failed: problemsData(clip(v.failedTitle ?? FAILED_TITLE, b.text), v.failed, 'results.failed', b),
    posted,
    postedPager,
    skipped: tableData(v.skipped, 'results.skipped', b),
    skipReasons: itemsData('Why they were skipped', v.skipReasons ?? [], 'results.skipReasons', b),
    readBackDifferences: problemsData(
      'Not in Sage as sent — restore or rerun',
      v.readBack?.differences ?? [],
      'results.readBack.differences',
      b,
    ),
    readBack: tableData(v.readBack?.table ?? { title: '', columns: [], rows: [] }, 'results.readBack.table', b),
    links: linksData(v.links, 'results.links', b),
  };
}

export const resultsCard: CardSpec<ResultsView> = { name: 'results', template, data };
