/**
 * Rerun an existing batch (the guide's "Rerun Existing Batch", e.g. after Sage was restored from a backup):
 * rebuild the batch from Manage (`batches/{id}/export`), look each document up in Sage first, and post only
 * what is missing — or everything with `force`, which can duplicate documents (the guide's warning). The
 * Manage batch already exists, so none is created. The module settings of the original run are reused when
 * sagebot's journal has it.
 */
import { SagebotError } from '../errors.ts';
import type { AccountingBatch } from '../manage/models.ts';
import { kindsOfFlags } from '../manage/record-ids.ts';
import { disconnectLedger, type ExportEngineDeps, nowOf, todayOf, withLedger } from './deps.ts';
import { holdBack, inRecordOrder } from './outcome.ts';
import type { RunPlan } from './plan-types.ts';
import { freshPostState, type PostState, postRecords, type RecordOutcome } from './post-batch.ts';
import { type Prepared, prepare } from './prepare.ts';
import { batchProblems } from './problems.ts';
import { completePosting, failedRun, openLedgerFor, problemOf, type RunFrame } from './run.ts';
import { newRunId, takeLock } from './run-support.ts';
import type { Kind, Progress, Requester, RerunPlan, RunResult, Settings } from './types.ts';

export const RERUN_WARNING =
  'Rerunning posts this batch into Sage again. Documents Sage already holds are skipped unless you force the rerun; ' +
  'a forced rerun posts them again and can duplicate transactions in Sage (Sage refuses a second invoice or order with the same number).';

/** The kind a batch was made for (one batch per kind; a batch flagged for none is taken as inventory, as before). */
export function kindOfBatch(b: AccountingBatch): Kind {
  return kindsOfFlags(b)[0] ?? 'inventory';
}

export async function findExistingBatch(deps: ExportEngineDeps, batchId: string): Promise<AccountingBatch> {
  const batch = await deps.manage.findBatch(batchId);
  if (!batch) {
    throw new SagebotError({
      code: 'EXPORT_BATCH_UNKNOWN',
      message: `Manage has no batch "${batchId}".`,
      fix: 'Check the batch id against the list of batches ("batches" in chat, sagebot batches on the command line).',
    });
  }
  return batch;
}

/** The settings the batch was first run with (from the journal), else the current ones. */
async function settingsOf(deps: ExportEngineDeps, batchId: string): Promise<Settings> {
  const runs = (await deps.journal.list()).filter((r) => r.batch === batchId && r.mode === 'run').reverse();
  for (const r of runs) {
    const loaded = await deps.journal.load(r.runId);
    if (loaded?.plan) return loaded.plan.settings;
  }
  return deps.settings.read();
}

async function rebuild(
  deps: ExportEngineDeps,
  batch: AccountingBatch,
  ledgerPrepare: (p: Parameters<typeof prepare>[2]) => Promise<Prepared>,
): Promise<Prepared> {
  const glExport = await deps.manage.exportBatch(batch.id);
  const settings = await settingsOf(deps, batch.batchIdentifier ?? '');
  return ledgerPrepare({ kind: kindOfBatch(batch), glExport, settings, today: todayOf(deps) });
}

export async function buildRerunPlan(deps: ExportEngineDeps, batchId: string): Promise<RerunPlan> {
  const batch = await findExistingBatch(deps, batchId);
  const prepared = await withLedger(deps, (ledger) => rebuild(deps, batch, (p) => prepare(deps, ledger, p)));
  return {
    batch: batchId,
    kind: prepared.kind,
    manageBatchId: batch.id,
    warning: RERUN_WARNING,
    documents: prepared.records
      .filter((r) => r.status === 'transfer')
      .map((r) => ({
        manageId: r.manageId,
        number: r.number,
        sage: r.documents.map((d) => d.label),
        alreadyInSage: r.documents.every((d) => d.alreadyInSage),
      })),
  };
}

export async function executeRerun(
  deps: ExportEngineDeps,
  batchId: string,
  opts: { force?: boolean; user: Requester; onProgress?: (p: Progress) => void },
): Promise<RunResult> {
  const batch = await findExistingBatch(deps, batchId);
  const kind = kindOfBatch(batch);
  const startedAt = nowOf(deps).toISOString();
  const runId = newRunId(nowOf(deps));
  const release = await takeLock(deps, { runId, batch: batchId, kind, user: opts.user, since: startedAt });
  try {
    const run = { runId, mode: 'rerun' as const, batch: batchId, kind, user: opts.user, startedAt };
    await deps.journal.start({ ...run, state: 'planning' });
    const log = deps.journal.openLog(runId);
    log.line(`rerun ${runId}: batch ${batchId}${opts.force ? ' (forced)' : ''} by ${opts.user.name}`);
    const f: RunFrame = { runId, startedAt, log, user: opts.user, batch: batchId, kind, onProgress: opts.onProgress };
    const ledger = await openLedgerFor(deps, f, 'rerun');
    if (!('driver' in ledger)) return ledger;
    let plan: RunPlan;
    let outcomes: RecordOutcome[];
    try {
      try {
        const prepared = await rebuild(deps, batch, (p) => prepare(deps, ledger, p));
        if (batchProblems(prepared.problems, prepared.records).length)
          return await failedRun(deps, f, prepared.problems, 'rerun');
        const { postable, held } = holdBack(prepared.records, prepared.sink, log);
        plan = {
          ...run,
          settings: prepared.settings,
          detail: 'Default',
          throughDate: todayOf(deps),
          fingerprint: '',
          force: Boolean(opts.force),
          manageBatchId: batch.id,
          records: postable,
        };
        await deps.journal.savePlan(plan);
        const state: PostState = freshPostState();
        const posted = await postRecords(
          { ledger, journal: deps.journal, runId, log, force: Boolean(opts.force), state, onProgress: opts.onProgress },
          plan.records,
        );
        outcomes = inRecordOrder(prepared.records, [...posted.outcomes, ...held]);
      } catch (e) {
        if (!(e instanceof SagebotError)) throw e;
        return await failedRun(deps, f, [problemOf(e, `Batch ${batchId}`)], 'rerun');
      }
      return await completePosting(deps, ledger, plan, outcomes, f, { lookFirst: false, action: 'rerun' });
    } finally {
      await disconnectLedger(deps, ledger);
    }
  } finally {
    await release();
  }
}
