import { grandTotals, totalsBy } from './impact.ts';
import type { PlannedRecord, RunPlan } from './plan-types.ts';
import type { RunLogFile } from './ports.ts';
import type { RecordOutcome } from './post-batch.ts';
import type { ProblemSink } from './problems.ts';
import type { FailedRecord, Outcome, PostedRecord, Problem, RunResult, Totals } from './types.ts';

export const succeeded = (o: RecordOutcome) => o.state === 'posted' || o.state === 'already';

/** The Manage records to batch: those now in Sage. */
export function processedIdsOf(outcomes: RecordOutcome[]): number[] {
  return [...new Set(outcomes.filter(succeeded).flatMap((o) => o.record.processedRecordIds))];
}

export function outcomeOf(outcomes: RecordOutcome[], problems: Problem[]): Outcome {
  if (problems.length) return 'failed';
  const ok = outcomes.filter(succeeded).length;
  const failed = outcomes.filter((o) => o.state === 'failed').length;
  if (failed === 0) return 'completed';
  return ok > 0 ? 'partial' : 'failed';
}

/**
 * Split the planned records into those to post and those held back by a record-scoped problem (figures that
 * disagree with Manage, a date in Sage's locked period): a held record is not posted at all and is reported
 * as failed with its problem and fix, while the rest of the batch goes on.
 */
export function holdBack(
  records: PlannedRecord[],
  sink: ProblemSink,
  log: RunLogFile,
): { postable: PlannedRecord[]; held: RecordOutcome[] } {
  const postable: PlannedRecord[] = [];
  const held: RecordOutcome[] = [];
  for (const record of records) {
    const problems = sink.heldBy(record.manageId);
    if (!problems.length || record.status === 'skip') {
      postable.push(record);
      continue;
    }
    const [first, ...more] = problems;
    const message = [first, ...more].map((p) => p.message).join(' ');
    held.push({ record, state: 'failed', sage: [], failure: { code: first.code, message, fix: first.fix } });
    log.line(`HELD ${record.type} ${record.number} (not posted): ${message} Fix: ${first.fix}`);
  }
  return { postable, held };
}

/** The outcomes in the order of the records they belong to. */
export function inRecordOrder(records: PlannedRecord[], outcomes: RecordOutcome[]): RecordOutcome[] {
  const of = new Map(outcomes.map((o) => [o.record, o]));
  return records.flatMap((r) => of.get(r) ?? []);
}

export interface ResultInput {
  runId: string;
  plan: Pick<RunPlan, 'batch' | 'kind'>;
  outcomes: RecordOutcome[];
  problems: Problem[];
  manageBatchId?: number;
  startedAt: string;
  finishedAt: string;
  /** Forces the outcome (e.g. failed when the Manage batch could not be recorded). */
  outcome?: Outcome;
}

export function buildResult(r: ResultInput): RunResult {
  const posted: PostedRecord[] = [];
  const skipped: RunResult['skipped'] = [];
  const failed: FailedRecord[] = [];
  for (const o of r.outcomes) {
    const base = { manageId: o.record.manageId, number: o.record.number };
    if (o.state === 'posted') posted.push({ ...base, sage: o.sage });
    else if (o.state === 'already') skipped.push({ ...base, sage: o.sage, reason: 'already in Sage' });
    else if (o.state === 'skip') skipped.push({ ...base, sage: [], reason: o.record.note ?? 'not transferred' });
    else
      failed.push({
        ...base,
        code: o.failure?.code ?? 'EXPORT_FAILED',
        message: o.failure?.message ?? 'not posted',
        ...(o.failure?.fix ? { fix: o.failure.fix } : {}),
      });
  }
  return {
    runId: r.runId,
    batch: r.plan.batch,
    kind: r.plan.kind,
    outcome: r.outcome ?? outcomeOf(r.outcomes, r.problems),
    ...(r.manageBatchId !== undefined ? { manageBatchId: r.manageBatchId } : {}),
    posted,
    skipped,
    failed,
    problems: r.problems,
    totals: grandTotals(r.outcomes.filter(succeeded).map((o) => o.record)),
    totalsByCurrency: totalsBy(
      r.outcomes.filter(succeeded).map((o) => o.record),
      (rec) => rec.currency || 'GBP',
    ),
    postedByType: byTypeAndCurrency(r.outcomes.filter((o) => o.state === 'posted').map((o) => o.record)),
    alreadyByCurrency: totalsBy(
      r.outcomes.filter((o) => o.state === 'already').map((o) => o.record),
      (rec) => rec.currency || 'GBP',
    ),
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
  };
}

function byTypeAndCurrency(records: PlannedRecord[]): Record<string, Record<string, Totals>> {
  const out: Record<string, Record<string, Totals>> = {};
  for (const type of new Set(records.map((rec) => rec.type)))
    out[type] = totalsBy(
      records.filter((rec) => rec.type === type),
      (rec) => rec.currency || 'GBP',
    );
  return out;
}

/** The "Save List of Errors" file: problems and failures, each with its fix. */
export function errorListText(result: RunResult): string {
  const lines = [`sagebot run ${result.runId} — batch ${result.batch} (${result.kind}) — ${result.outcome}`, ''];
  if (!result.problems.length && !result.failed.length && (result.reconciliation?.reconciled ?? true))
    lines.push('No errors.');
  for (const p of result.problems)
    lines.push(
      `PROBLEM ${p.code} — ${p.record}${p.manageId !== undefined ? ` (Manage id ${p.manageId})` : ''}`,
      `  ${p.message}`,
      `  Fix: ${p.fix}`,
      '',
    );
  for (const f of result.failed)
    lines.push(
      `FAILED ${f.code} — record ${f.number} (Manage id ${f.manageId})`,
      `  ${f.message}`,
      ...(f.fix ? [`  Fix: ${f.fix}`] : []),
      '',
    );
  const r = result.reconciliation;
  if (r && !r.checked) lines.push(`NOT RECONCILED — batch ${r.batch}`, `  ${r.note ?? ''}`, '');
  for (const d of r?.differences ?? [])
    lines.push(`NOT IN SAGE AS SENT (${d.issue}) — ${d.label}, ${d.record}`, `  ${d.message}`, `  Fix: ${d.fix}`, '');
  return `${lines.join('\n')}\n`;
}
