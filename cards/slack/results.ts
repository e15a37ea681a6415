/**
 * Results of a batch in Block Kit: outcome, facts, totals, failed items with fixes, a page of what was posted
 * (Show more), what was skipped, and links to the error list and full log.
 */

import { clip, listOf, missingData, safeUrl } from '../text.ts';
import type { ResultsView } from '../view-models.ts';
import { FAILED_TITLE, OUTCOME_LABEL } from '../wording.ts';
import {
  type Block,
  bulletSection,
  context,
  factFields,
  header,
  pagedList,
  problemsSection,
  rowLine,
  section,
  tableFields,
} from './blocks.ts';
import type { ActionIds } from './ids.ts';
import type { SlackBudget } from './limits.ts';
import { escapeMrkdwn, md, mdOpt } from './mrkdwn.ts';

const EMOJI = { completed: ':white_check_mark:', partial: ':warning:', failed: ':x:' } as const;

/** `<url|title>` links (http/https only), for a context line. */
export function linksLine(links: ResultsView['links'] | undefined, where: string, b: SlackBudget): string {
  return listOf(links, where)
    .slice(0, 5)
    .map((l) => {
      const url = safeUrl(l?.url);
      if (!url) return '';
      const title = escapeMrkdwn(clip(l?.title ?? 'Download', Math.min(b.title, 40))).replace(/\|/g, '¦');
      return `<${escapeMrkdwn(url).replace(/\|/g, '%7C')}|${title}>`;
    })
    .filter(Boolean)
    .join(' · ');
}

export function resultsBlocks(v: ResultsView, b: SlackBudget, ids: ActionIds): Block[] {
  const batch = [
    `Batch *${md(v.batch, b.cell, 'results.batch')}*`,
    v.manageBatchId ? `Manage batch ${mdOpt(v.manageBatchId, b.cell)}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const label = OUTCOME_LABEL[v.outcome] ?? md(v.outcome, b.title, 'results.outcome');
  const blocks: Block[] = [
    header(v.title, 'results.title', b),
    section(`${EMOJI[v.outcome] ?? ''} *${label}*\n${batch}`),
    // The summary may carry a line per inventory kind and one for what Sage already held: up to two sections.
    ...factFields(v.summary, 'results.summary', b, { max: b.facts + 6 }),
    ...tableFields([[v.totals, 'results.totals']], b),
    ...problemsSection(
      `:x: ${md(v.failedTitle ?? FAILED_TITLE, b.text, 'results.failedTitle')}`,
      v.failed,
      'results.failed',
      b,
    ),
  ];
  if (!v.posted) throw missingData('results.posted');
  const posted = listOf(v.posted.rows, 'results.posted.rows');
  blocks.push(
    ...pagedList(
      md(v.posted.title, b.title, 'results.posted.title'),
      posted,
      v.paging,
      (r, i) => rowLine(r?.cells, b, `results.posted.rows[${i}]`),
      { flowId: v.flowId, card: 'results' },
      ids,
      b,
    ).blocks,
  );
  blocks.push(...tableFields([[v.skipped, 'results.skipped']], b));
  if (v.skipReasons?.length)
    blocks.push(...bulletSection('Why they were skipped', v.skipReasons, 'results.skipReasons', b));
  if (v.readBack) {
    blocks.push(
      ...problemsSection(
        ':warning: Not in Sage as sent — restore or rerun',
        v.readBack.differences,
        'results.readBack.differences',
        b,
      ),
    );
    blocks.push(...tableFields([[v.readBack.table, 'results.readBack.table']], b));
  }
  const links = linksLine(v.links, 'results.links', b);
  if (links) blocks.push(context(`:page_facing_up: ${links}`));
  return blocks;
}
