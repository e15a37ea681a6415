/**
 * `resume`: finish every run the journal shows as unfinished (a crash, `kill -9`, a Manage outage while the
 * batch was being recorded). The plan is replayed against Sage: documents found there are not posted again,
 * missing ones are posted, and the Manage batch is created once (looked up first). A run that died while
 * validating posted nothing and is closed as failed. A run whose process is still alive is left alone.
 */
import { disconnectLedger, type ExportEngineDeps, nowOf } from './deps.ts';
import type { JournalEvent } from './plan-types.ts';
import type { JournalRunSummary } from './ports.ts';
import { freshPostState, type PostState, postRecords } from './post-batch.ts';
import { completePosting, failedRun, openLedgerFor, type RunFrame } from './run.ts';
import { takeLock } from './run-support.ts';
import type { Progress, RunResult } from './types.ts';

/**
 * What the journal says is done, and which documents are in doubt: named by an intent with no outcome (see the
 * argument in post-batch.ts). A journal without any intent predates them: every document may be in Sage.
 */
export function replay(events: JournalEvent[]): { state: PostState; manageBatchId?: number } {
  const state = freshPostState();
  const intended = new Set<string>();
  const settled = new Set<string>();
  let intents = false;
  let manageBatchId: number | undefined;
  for (const e of events) {
    if (e.t === 'intent') {
      intents = true;
      for (const id of e.docs) intended.add(id);
    } else if (e.t === 'posted') {
      state.posted.set(`${e.manageId}:${e.label}`, e.sageId);
      settled.add(`${e.manageId}:${e.label}`);
    } else if ((e.t === 'skipped' || e.t === 'failed') && e.label) settled.add(`${e.manageId}:${e.label}`);
    else if (e.t === 'created') state.created.add(e.ref);
    else if (e.t === 'batched') manageBatchId = e.manageBatchId;
  }
  state.inDoubt = intents ? new Set([...intended].filter((id) => !settled.has(id))) : 'all';
  return { state, manageBatchId };
}

/** Is this run being executed right now by a live process? (The lock reports only live holders.) */
async function runningElsewhere(deps: ExportEngineDeps, s: JournalRunSummary): Promise<boolean> {
  return (await deps.lock.holder(deps.companyKey))?.runId === s.runId;
}

async function resumeOne(
  deps: ExportEngineDeps,
  s: JournalRunSummary,
  onProgress?: (p: Progress) => void,
): Promise<RunResult | undefined> {
  if (await runningElsewhere(deps, s)) return undefined;
  const release = await takeLock(deps, {
    runId: s.runId,
    batch: s.batch,
    kind: s.kind,
    user: s.user,
    since: nowOf(deps).toISOString(),
  });
  try {
    const loaded = await deps.journal.load(s.runId);
    const log = deps.journal.openLog(s.runId);
    log.line(`resuming run ${s.runId}`);
    const f: RunFrame = {
      runId: s.runId,
      startedAt: s.startedAt,
      log,
      user: s.user,
      batch: s.batch,
      kind: s.kind,
      onProgress,
    };
    if (!loaded?.plan) {
      return await failedRun(
        deps,
        f,
        [
          {
            record: `Run ${s.runId}`,
            code: 'EXPORT_INTERRUPTED',
            message: `Run ${s.runId} (batch ${s.batch}) was interrupted while validating; nothing was posted.`,
            fix: `Run the batch again: sagebot run ${s.kind} --batch ${s.batch}`,
          },
        ],
        'resume',
      );
    }
    const plan = loaded.plan;
    const { state } = replay(loaded.events);
    const ledger = await openLedgerFor(deps, f, 'resume');
    if (!('driver' in ledger)) return ledger;
    try {
      const { outcomes } = await postRecords(
        { ledger, journal: deps.journal, runId: s.runId, log, force: plan.force ?? false, state, onProgress },
        plan.records,
      );
      return await completePosting(deps, ledger, plan, outcomes, f, { lookFirst: true, action: 'resume' });
    } finally {
      await disconnectLedger(deps, ledger);
    }
  } finally {
    await release();
  }
}

export async function resumeRuns(
  deps: ExportEngineDeps,
  opts: { onProgress?: (p: Progress) => void } = {},
): Promise<RunResult[]> {
  const results: RunResult[] = [];
  for (const s of await deps.journal.unfinished()) {
    const r = await resumeOne(deps, s, opts.onProgress);
    if (r) results.push(r);
  }
  return results;
}
