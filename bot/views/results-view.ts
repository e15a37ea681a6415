/**
 * ResultsView from a RunResult: outcome, counts, totals, the Manage batch id, every failure with its fix, and
 * short-lived download links to the run's error list and full log. Also the ProgressView shown while posting.
 */

import type { ProgressView, ResultsView } from '../../cards/view-models.ts';
import type { Progress, RunResult } from '../../core/export/types.ts';
import { formatInstant } from '../dates.ts';
import type { OutgoingMessage } from '../events.ts';
import type { FlowRecord } from '../ports.ts';
import { currencyTotals, paging, plural, totalsTable } from './format.ts';

export interface Link {
  title: string;
  url: string;
}

/**
 * The total of a run as both the results card and the alert show it: per currency, each with its code, and
 * honest about what it covers (a rerun that posted nothing new does not show the batch's total as posted).
 */
export function totalFact(r: RunResult): { title: string; value: string } {
  const already = r.skipped.filter((s) => s.sage.length > 0).length;
  if (!r.posted.length)
    return {
      title: 'Total posted',
      value: already ? `nothing new (${plural(already, 'record')} already in Sage)` : 'nothing',
    };
  const totals = currencyTotals(r.totalsByCurrency ?? {});
  return already
    ? { title: 'Total (posted now and already in Sage)', value: totals }
    : { title: 'Total posted', value: totals };
}

const OUTCOME_WORDS = {
  completed: 'completed',
  partial: 'completed with errors',
  failed: 'failed',
  stale: 'not posted (the preview went stale)',
} as const;

export function resultsMessage(
  flow: FlowRecord,
  r: RunResult,
  links: Link[],
  page: number | undefined,
  timeZone: string,
): OutgoingMessage {
  const failed = [
    ...r.failed.map((f) => ({
      record: `${f.number} (Manage ${f.manageId})`,
      message: `${f.message} [${f.code}]`,
      fix: f.fix ?? 'See the error list.',
    })),
    ...r.problems.map((p) => ({ record: p.record, message: `${p.message} [${p.code}]`, fix: p.fix })),
  ];
  const view: ResultsView = {
    kind: 'results',
    flowId: flow.id,
    title: `Batch ${r.batch}: ${OUTCOME_WORDS[r.outcome]}`,
    outcome: r.outcome === 'stale' ? 'failed' : r.outcome,
    batch: r.batch,
    ...(r.manageBatchId !== undefined ? { manageBatchId: String(r.manageBatchId) } : {}),
    summary: [
      { title: 'Outcome', value: OUTCOME_WORDS[r.outcome] },
      { title: 'Posted', value: plural(r.posted.length, 'record') },
      { title: 'Skipped', value: plural(r.skipped.length, 'record') },
      { title: 'Failed', value: plural(failed.length, 'record') },
      totalFact(r),
      { title: 'Manage batch', value: r.manageBatchId !== undefined ? String(r.manageBatchId) : 'not created' },
      { title: 'Requested by', value: flow.requester.name },
      { title: 'Approved by', value: flow.approvedBy?.name ?? '' },
      { title: 'Started', value: formatInstant(r.startedAt, timeZone) },
      { title: 'Finished', value: formatInstant(r.finishedAt, timeZone) },
    ],
    totals: totalsTable('Totals per currency', 'Currency', r.totalsByCurrency ?? {}, true),
    posted: {
      title: 'Posted',
      columns: ['Manage', 'Sage documents'],
      rows: r.posted.map((p) => ({ cells: [p.number, p.sage.join(', ')] })),
    },
    failed,
    skipped: {
      title: 'Skipped',
      columns: ['Manage', 'Sage documents', 'Reason'],
      rows: r.skipped.map((s) => ({ cells: [s.number, s.sage.join(', '), s.reason] })),
    },
    paging: paging(page, r.posted.length),
    links,
  };
  const text = `Batch ${r.batch} ${OUTCOME_WORDS[r.outcome]}: ${r.posted.length} posted, ${r.skipped.length} skipped, ${failed.length} failed.`;
  return { text, card: view };
}

const PHASES: Record<Progress['phase'] | 'checking' | 'starting', string> = {
  checking: 'Checking nothing changed since the preview',
  starting: 'Starting',
  validating: 'Validating mappings',
  posting: 'Posting to Sage',
  batching: 'Creating the Manage batch',
  done: 'Finishing',
};

export function progressMessage(
  flowId: string,
  title: string,
  p: Progress | { phase: 'checking' | 'starting'; done: number; total: number; current?: string },
  startedAt: string,
  timeZone: string,
): OutgoingMessage {
  const view: ProgressView = {
    kind: 'progress',
    flowId,
    title,
    done: p.done,
    total: p.total,
    phase: PHASES[p.phase] ?? p.phase,
    ...(p.current ? { current: p.current } : {}),
    startedAt: formatInstant(startedAt, timeZone),
  };
  const text = p.total > 0 ? `${title}: ${p.done} of ${p.total}` : `${title}: ${view.phase}…`;
  return { text, card: view };
}
