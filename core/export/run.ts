/**
 * `run`: one posting run, start to finish. Lock the Sage company → check the batch id is free while the
 * selection and its GL export are read → validate everything (any problem fails the whole batch, nothing is posted) →
 * journal the plan → post each document exactly once → record the Manage batch of the successful records →
 * write the error list and the log. A Manage failure while recording the batch leaves the journal open so
 * `resume` completes it.
 */
import { isSagebotError, SagebotError } from '../errors.ts';
import type { GLExport } from '../manage/models.ts';
import type { SageLedger } from '../sage/ledger.ts';
import { assertBatchIdFormat, batchExistsError } from './batch-id.ts';
import { disconnectLedger, type ExportEngineDeps, nowOf, todayOf } from './deps.ts';
import { buildResult, holdBack, inRecordOrder, processedIdsOf, succeeded } from './outcome.ts';
import type { RunPlan } from './plan-types.ts';
import type { RunLogFile } from './ports.ts';
import { freshPostState, type PostState, postRecords, type RecordOutcome } from './post-batch.ts';
import { type Prepared, prepare } from './prepare.ts';
import { buildPreview, firstFreeBatchId } from './preview.ts';
import { batchProblems } from './problems.ts';
import { reconcileAfterPosting } from './read-back.ts';
import { closeRun, newRunId, recordManageBatch, takeLock } from './run-support.ts';
import {
  type EarlyReference,
  prefetchReference,
  type Selection,
  selectAndExport,
  withLocationsOnce,
} from './select.ts';
import { explainStale } from './stale.ts';
import type {
  Kind,
  LeftOutRow,
  Problem,
  Progress,
  Reconciliation,
  Requester,
  RunOptions,
  RunResult,
  Settings,
} from './types.ts';
import { unpostedIds, verifyBatch } from './verify-batch.ts';

export interface RunFrame {
  runId: string;
  startedAt: string;
  log: RunLogFile;
  user: Requester;
  batch: string;
  kind: Kind;
  onProgress?: (p: Progress) => void;
}

/** A failure before anything was posted (Manage or Sage unreachable, bad data): outcome failed. */
export function problemOf(e: unknown, record: string): Problem {
  if (isSagebotError(e))
    return {
      record,
      code: e.code,
      message: e.message,
      fix: e.fix ?? 'Check the connection settings with "sagebot doctor" and try again.',
    };
  throw e;
}

export async function failedRun(
  deps: ExportEngineDeps,
  f: RunFrame,
  problems: Problem[],
  action: string,
): Promise<RunResult> {
  for (const p of problems) f.log.line(`PROBLEM ${p.code} ${p.record}: ${p.message} Fix: ${p.fix}`);
  const result = buildResult({
    runId: f.runId,
    plan: f,
    outcomes: [],
    problems,
    startedAt: f.startedAt,
    finishedAt: nowOf(deps).toISOString(),
  });
  return closeRun(deps, result, f.log, { action, user: f.user });
}

export async function openLedgerFor(
  deps: ExportEngineDeps,
  f: RunFrame,
  action: string,
): Promise<SageLedger | RunResult> {
  try {
    return await deps.openLedger();
  } catch (e) {
    return failedRun(deps, f, [problemOf(e, 'Sage company')], action);
  }
}

/** A failure to record the batch after posting: the run stays open and `resume` records it. */
function batchPending(plan: RunPlan, message: string): Problem {
  return {
    record: `Manage batch ${plan.batch}`,
    code: 'EXPORT_BATCH_PENDING',
    message: `The documents are in Sage, but Manage did not record batch ${plan.batch}: ${message}`,
    fix: 'Run "sagebot resume" once Manage answers: it records the batch (and posts nothing twice).',
  };
}

/** The Manage batch step: `failed` means no batch exists; `left` lists records Manage still has unposted. */
interface BatchStep {
  manageBatchId?: number;
  failed?: Problem;
  left: Problem[];
}

/**
 * Record the Manage batch of what is now in Sage and read it back. `failed` problems mean no batch exists;
 * `left` problems mean it exists but Manage still lists some of its records as unposted.
 */
async function batchAndVerify(
  deps: ExportEngineDeps,
  plan: RunPlan,
  outcomes: RecordOutcome[],
  f: RunFrame,
  opts: { lookFirst: boolean },
): Promise<BatchStep> {
  const ids = processedIdsOf(outcomes);
  const inSage = outcomes.filter((o) => succeeded(o) && o.record.status === 'transfer');
  if (!ids.length) {
    // Never an empty batch, and never a quiet success for records Manage would keep listing as unposted.
    if (!inSage.length) return { left: [] };
    return { failed: batchPending(plan, 'no GL entry ids could be derived for its records'), left: [] };
  }
  f.onProgress?.({ phase: 'batching', done: 0, total: 1, current: plan.batch });
  let manageBatchId: number;
  // The unposted list is read back beside the batch's own read-back, as soon as Manage has applied the POST.
  let unposted: Promise<Set<number>> | undefined;
  try {
    manageBatchId = await recordManageBatch(deps, plan, ids, {
      ...opts,
      onApplied: () => {
        unposted = unpostedIds(deps.manage, plan.kind, plan.throughDate);
        unposted.catch(() => undefined); // awaited by verifyBatch, or dropped when the batch's read-back fails
      },
    });
    f.log.line(`Manage batch ${plan.batch} recorded (#${manageBatchId}) with ${ids.length} record ids`);
  } catch (e) {
    const err = isSagebotError(e) ? e : new SagebotError({ code: 'EXPORT_BATCH_FAILED', message: String(e), cause: e });
    deps.journal.append(plan.runId, { t: 'batch-failed', code: err.code, message: err.message });
    f.log.line(`Manage batch ${plan.batch} NOT recorded: ${err.message}`);
    return { failed: batchPending(plan, err.message), left: [] };
  }
  return { manageBatchId, left: await verifyBatch(deps, plan, outcomes, manageBatchId, f.log, unposted) };
}

/**
 * After the last document, with the ledger still open: Sage's read-back of the batch goes on while the Manage
 * batch (runs only) is recorded and read back, as the one reads the Sage company and the other mostly waits
 * on Manage; then the ledger is closed, the result built and the run closed. Run, resume and rerun end here.
 */
export async function completePosting(
  deps: ExportEngineDeps,
  ledger: SageLedger,
  plan: RunPlan,
  outcomes: RecordOutcome[],
  f: RunFrame,
  opts: { lookFirst: boolean; action: string },
): Promise<RunResult> {
  const batching: Promise<BatchStep> =
    plan.mode === 'run'
      ? batchAndVerify(deps, plan, outcomes, f, opts)
      : Promise.resolve({ manageBatchId: plan.manageBatchId, left: [] });
  batching.catch(() => undefined); // awaited below, once Sage is read back
  let reconciliation: Reconciliation | undefined;
  try {
    reconciliation = await reconcileAfterPosting(deps, ledger, plan.batch, outcomes, f.log);
  } finally {
    await disconnectLedger(deps, ledger);
  }
  const batch = await batching;
  const problems = batch.failed ? [batch.failed] : batch.left;
  const result = buildResult({
    runId: plan.runId,
    plan,
    outcomes,
    problems,
    manageBatchId: batch.failed ? undefined : batch.manageBatchId,
    startedAt: plan.startedAt,
    finishedAt: nowOf(deps).toISOString(),
    ...(batch.failed ? { outcome: 'failed' as const } : batch.left.length ? { outcome: 'partial' as const } : {}),
  });
  if (reconciliation) result.reconciliation = reconciliation;
  f.onProgress?.({ phase: 'done', done: outcomes.length, total: outcomes.length });
  return closeRun(deps, result, f.log, { action: opts.action, user: plan.user, keepOpen: problems.length > 0 });
}

export async function executeRun(
  deps: ExportEngineDeps,
  kind: Kind,
  opts: RunOptions,
  extras: RunExtras = {},
): Promise<RunResult> {
  assertBatchIdFormat(opts.batchId);
  const startedAt = nowOf(deps).toISOString();
  const runId = newRunId(nowOf(deps));
  const release = await takeLock(deps, { runId, batch: opts.batchId, kind, user: opts.user, since: startedAt });
  try {
    // The reads need nothing from the batch-id check: both at once, one round trip less before posting. (If the
    // id is taken, the reads are dropped: they change nothing.)
    const reads = startReads(deps, kind, opts);
    const taken: unknown = await deps.manage.findBatch(opts.batchId).catch((e: unknown) => e);
    if (taken && !(taken instanceof Error))
      throw batchExistsError(opts.batchId, await firstFreeBatchId(deps, opts.batchId));
    await deps.journal.start({
      runId,
      mode: 'run',
      batch: opts.batchId,
      kind,
      user: opts.user,
      startedAt,
      state: 'planning',
    });
    const log = deps.journal.openLog(runId);
    log.line(`run ${runId}: ${kind} batch ${opts.batchId} by ${opts.user.name}`);
    const f: RunFrame = {
      runId,
      startedAt,
      log,
      user: opts.user,
      batch: opts.batchId,
      kind,
      onProgress: opts.onProgress,
    };
    if (taken instanceof Error) return await failedRun(deps, f, [problemOf(taken, 'Manage')], 'post');
    return await runBody(deps, kind, opts, f, extras, reads);
  } finally {
    await release();
  }
}

interface Reads {
  today: string;
  early: EarlyReference;
  /** The selection and its GL export, handed over once: afterwards nothing here holds them (memory). */
  take(): Promise<{ selection: Selection; glExport: GLExport }>;
}

/** Start the run's Manage reads: the selection with its GL export, and the reference lists beside them. */
function startReads(deps: ExportEngineDeps, kind: Kind, opts: RunOptions): Reads {
  const today = todayOf(deps);
  const manage = withLocationsOnce(deps.manage);
  const early = prefetchReference(manage);
  const read = selectAndExport(manage, kind, opts, today, deps.routing, early);
  read.catch(() => undefined); // awaited by runBody, or dropped when the batch id is taken
  let pending: typeof read | undefined = read;
  return {
    today,
    early,
    take() {
      const p = pending ?? Promise.reject(new Error('the run read its selection twice'));
      pending = undefined;
      return p;
    },
  };
}

/** Reads (Manage's lists once, Sage once), then either the stale outcome or the posting. */
async function runBody(
  deps: ExportEngineDeps,
  kind: Kind,
  opts: RunOptions,
  f: RunFrame,
  extras: RunExtras,
  reads: Reads,
): Promise<RunResult> {
  f.onProgress?.({ phase: 'validating', done: 0, total: 0 });
  const { today, early } = reads;
  const settings = await deps.settings.read();
  // Held only until the records are planned: the GL export and the raw Manage records are most of a run's
  // memory at 10,000 invoices, and nothing after planning needs them.
  let read: { selection: Selection; glExport: GLExport } | undefined;
  try {
    read = await reads.take();
  } catch (e) {
    return failedRun(deps, f, [problemOf(e, 'Manage')], 'post');
  }
  const ledger = await openLedgerFor(deps, f, 'post');
  if (!('driver' in ledger)) return ledger;
  try {
    let prepared: Prepared;
    try {
      prepared = await prepare(deps, ledger, { kind, ...read, settings, today, early });
    } catch (e) {
      return await failedRun(deps, f, [problemOf(e, 'Reading Manage and Sage')], 'post');
    }
    const { selection } = read;
    read = undefined;
    const expected = opts.expectedFingerprint ?? opts.approved?.fingerprint;
    // Staleness is decided here, once, from the same reads the posting would use.
    if (expected && expected !== selection.fingerprint)
      return await staleRun(deps, f, opts, { selection, prepared, expected, leftOut: extras.leftOut });
    // The plan needs the selection's header only, not its raw Manage records.
    const header: Selection = { ...selection, unposted: [] };
    selection.unposted = [];
    const posted = await postPrepared(deps, ledger, f, opts, { selection: header, prepared, settings });
    if (!('plan' in posted)) return posted;
    return await completePosting(deps, ledger, posted.plan, posted.outcomes, f, { lookFirst: false, action: 'post' });
  } finally {
    await disconnectLedger(deps, ledger);
  }
}

/** What `engine.run` resolved before the run: the rows left out by number (for a stale outcome's preview). */
export interface RunExtras {
  leftOut?: LeftOutRow[];
}

/** The approved preview no longer matches: nothing is posted; the outcome says what changed, with the fresh preview. */
async function staleRun(
  deps: ExportEngineDeps,
  f: RunFrame,
  opts: RunOptions,
  s: { selection: Selection; prepared: Prepared; expected: string; leftOut?: LeftOutRow[] },
): Promise<RunResult> {
  const built = buildPreview(s.selection, s.prepared, opts.batchId, nowOf(deps).toISOString());
  const fresh = s.leftOut?.length ? { ...built, leftOut: s.leftOut } : built;
  const stale = await explainStale(deps, opts.approved, s.expected, fresh);
  for (const line of stale.lines) f.log.line(`STALE ${line}`);
  const problem: Problem = {
    record: 'Preview',
    code: 'EXPORT_STALE_PREVIEW',
    message: `The unposted ${f.kind} changed since the preview was approved, so nothing was posted. ${stale.lines.join(' ')}`,
    fix: 'Check what changed, then approve the fresh preview.',
  };
  const result = buildResult({
    runId: f.runId,
    plan: f,
    outcomes: [],
    problems: [problem],
    startedAt: f.startedAt,
    finishedAt: nowOf(deps).toISOString(),
    outcome: 'stale',
  });
  return { ...(await closeRun(deps, result, f.log, { action: 'post', user: f.user })), stale };
}

/** Hold back what must wait, journal the plan, post each document exactly once. */
async function postPrepared(
  deps: ExportEngineDeps,
  ledger: SageLedger,
  f: RunFrame,
  opts: RunOptions,
  s: { selection: Selection; prepared: Prepared; settings: Settings },
): Promise<RunResult | { plan: RunPlan; outcomes: RecordOutcome[] }> {
  const { selection, prepared } = s;
  f.log.line(
    `${prepared.records.length} records, ${prepared.records.reduce((n, r) => n + r.documents.length, 0)} Sage documents planned; ${prepared.problems.length} problems`,
  );
  if (batchProblems(prepared.problems, prepared.records).length) return failedRun(deps, f, prepared.problems, 'post');
  const { postable, held } = holdBack(prepared.records, prepared.sink, f.log);
  const plan: RunPlan = {
    runId: f.runId,
    mode: 'run',
    batch: opts.batchId,
    kind: f.kind,
    user: opts.user,
    startedAt: f.startedAt,
    settings: s.settings,
    detail: selection.detail,
    throughDate: selection.throughDate,
    ...(selection.location ? { location: selection.location.name } : {}),
    fingerprint: selection.fingerprint,
    records: postable,
  };
  await deps.journal.savePlan(plan);
  const state: PostState = freshPostState();
  const posted = await postRecords(
    { ledger, journal: deps.journal, runId: f.runId, log: f.log, force: false, state, onProgress: f.onProgress },
    plan.records,
  );
  const outcomes = inRecordOrder(prepared.records, [...posted.outcomes, ...held]);
  return { plan, outcomes };
}
