/**
 * ResultsView from a RunResult: outcome, counts, totals, the Manage batch id, every failure with its fix, and
 * short-lived download links to the run's error list and full log. Also the ProgressView shown while posting.
 */

import type { Fact, ProgressView, ResultsView, Table } from '../../cards/view-models.ts';
import type { Progress, RunResult, Totals } from '../../core/export/types.ts';
import { formatInstant } from '../dates.ts';
import type { OutgoingMessage } from '../events.ts';
import type { FlowRecord } from '../ports.ts';
import { companyFacts, currencyTotals, money, paging, plural, reasonLines, totalsTable } from './format.ts';
import { KIND_WORDS } from './preview-figures.ts';
import { readBackFact, readBackProblems, readBackTable } from './reconcile-view.ts';

export interface Link {
  title: string;
  url: string;
}

/** What a run posted now, per currency (all record types together): from postedByType when the result has it. */
function postedByCurrency(byType: Record<string, Record<string, Totals>>): Record<string, Totals> {
  const out: Record<string, Totals> = {};
  for (const perCurrency of Object.values(byType))
    for (const [cur, t] of Object.entries(perCurrency)) {
      const o = (out[cur] ??= { count: 0, net: 0, tax: 0, total: 0 });
      o.count += t.count;
      o.net += t.net;
      o.tax += t.tax;
      o.total += t.total;
    }
  return out;
}

const countOf = (totals: Record<string, Totals>) => Object.values(totals).reduce((n, t) => n + t.count, 0);

/** A result journaled before postedByType existed: its totals cover what posted and what Sage already held. */
function legacyTotalFact(r: RunResult, already: number): Fact {
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

/**
 * The totals of a run as both the results card and the alert show them: per currency, each with its code, and
 * honest about what they cover. Only what posted now counts as posted (a rerun that posted nothing new does
 * not show the batch's total as posted); what Sage already held is a line of its own; inventory is one line
 * per kind (purchases, adjustments, transfers), never one sum of unlike things.
 */
export function totalFacts(r: RunResult): Fact[] {
  const already = r.skipped.filter((s) => s.sage.length > 0).length;
  if (!r.postedByType) return [legacyTotalFact(r, already)];
  const facts: Fact[] = [];
  const kinds = Object.entries(r.postedByType);
  if (r.kind === 'inventory' && kinds.length)
    for (const [type, totals] of kinds)
      facts.push({
        title: `${KIND_WORDS[type] ?? type} posted`,
        value: `${plural(countOf(totals), 'transaction')}, ${currencyTotals(totals)}`,
      });
  else
    facts.push({
      title: 'Total posted',
      value: r.posted.length ? currencyTotals(postedByCurrency(r.postedByType)) : already ? 'nothing new' : 'nothing',
    });
  if (already)
    facts.push({
      title: 'Already in Sage (not posted now)',
      value: `${plural(already, 'record')}, ${currencyTotals(r.alreadyByCurrency ?? {})}`,
    });
  return facts;
}

/** The totals table: what posted now (per kind for inventory), then what Sage already held, each in its currency. */
function resultTotals(r: RunResult): Table {
  if (!r.postedByType) return totalsTable('Totals per currency', 'Currency', r.totalsByCurrency ?? {}, true);
  const rows = (label: (cur: string) => string, totals: Record<string, Totals>) =>
    Object.entries(totals).map(([cur, t]) => ({
      cells: [label(cur), String(t.count), money(t.net, cur), money(t.tax, cur), money(t.total, cur)],
    }));
  const posted =
    r.kind === 'inventory'
      ? Object.entries(r.postedByType).flatMap(([type, totals]) =>
          rows((cur) => `${KIND_WORDS[type] ?? type} ${cur}`, totals),
        )
      : rows((cur) => cur, postedByCurrency(r.postedByType));
  const already = rows((cur) => `${cur} already in Sage`, r.alreadyByCurrency ?? {});
  return {
    title: already.length ? 'Totals: posted now, and already in Sage (not posted now)' : 'Totals posted, per currency',
    columns: [r.kind === 'inventory' ? 'Kind' : 'Currency', 'Count', 'Net', 'Tax', 'Total'],
    rows: [...posted, ...already],
  };
}

const OUTCOME_WORDS = {
  completed: 'completed',
  partial: 'completed with errors',
  failed: 'failed',
  stale: 'not posted (the preview went stale)',
} as const;

/**
 * After a forced rerun the advice must not lead anyone to force it (or rerun what posted) once more: what it
 * posted is in Sage now, and a document Sage refused as a duplicate is there already.
 */
const FORCED_FAILED_TITLE =
  'Not posted by this forced rerun — fix these in Sage or Manage. What it posted is in Sage now: do not force this batch again.';
const FORCED_DUPLICATE_FIX =
  'Sage already holds this document, so nothing more is needed for it: do not send it again.';

function fixOf(f: RunResult['failed'][number], forced: boolean): string {
  if (forced && f.code === 'SAGE_DUPLICATE_NUMBER') return FORCED_DUPLICATE_FIX;
  return f.fix ?? 'See the error list.';
}

export function resultsMessage(
  flow: FlowRecord,
  r: RunResult,
  links: Link[],
  page: number | undefined,
  timeZone: string,
): OutgoingMessage {
  const forced = flow.type === 'rerun' && Boolean(flow.options.force);
  const failed = [
    ...r.failed.map((f) => ({
      record: `${f.number} (Manage ${f.manageId})`,
      message: `${f.message} [${f.code}]`,
      fix: fixOf(f, forced),
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
      ...companyFacts(flow.company),
      { title: 'Outcome', value: OUTCOME_WORDS[r.outcome] },
      { title: 'Posted', value: plural(r.posted.length, 'record') },
      { title: 'Skipped', value: plural(r.skipped.length, 'record') },
      { title: 'Failed', value: plural(failed.length, 'record') },
      ...totalFacts(r),
      ...(forced ? [{ title: 'Rerun', value: 'forced: documents already in Sage were sent again' }] : []),
      ...(r.reconciliation ? [readBackFact(r.reconciliation)] : []),
      { title: 'Manage batch', value: r.manageBatchId !== undefined ? String(r.manageBatchId) : 'not created' },
      { title: 'Requested by', value: flow.requester.name },
      { title: 'Approved by', value: flow.approvedBy?.name ?? '' },
      { title: 'Started', value: formatInstant(r.startedAt, timeZone) },
      { title: 'Finished', value: formatInstant(r.finishedAt, timeZone) },
    ],
    totals: resultTotals(r),
    posted: {
      title: 'Posted',
      columns: ['Manage', 'Sage documents'],
      rows: r.posted.map((p) => ({ cells: [p.number, p.sage.join(', ')] })),
    },
    failed,
    ...(forced ? { failedTitle: FORCED_FAILED_TITLE } : {}),
    skipped: {
      title: 'Skipped',
      columns: ['Manage', 'Sage documents', 'Reason'],
      rows: r.skipped.map((s) => ({ cells: [s.number, s.sage.join(', '), s.reason] })),
    },
    ...(r.skipped.length ? { skipReasons: reasonLines(r.skipped) } : {}),
    paging: paging(page, r.posted.length),
    links,
    ...(r.reconciliation
      ? { readBack: { table: readBackTable(r.reconciliation), differences: readBackProblems(r.reconciliation) } }
      : {}),
  };
  const readBack = r.reconciliation ? ` Sage read-back: ${readBackFact(r.reconciliation).value}.` : '';
  const text = `Batch ${r.batch} ${OUTCOME_WORDS[r.outcome]}: ${r.posted.length} posted, ${r.skipped.length} skipped, ${failed.length} failed.${readBack}`;
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
