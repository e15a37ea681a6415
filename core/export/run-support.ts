/**
 * The pieces every posting operation (run, rerun, resume) shares: run ids, the one-run-per-company lock with
 * its "who runs what since when" refusal, recording the Manage batch (created once: looked up first when
 * resuming), and closing a run (error list, journal, audit).
 */
import { randomBytes } from 'node:crypto';
import { SagebotError } from '../errors.ts';
import { batchRequest } from '../manage/record-ids.ts';
import type { ExportEngineDeps } from './deps.ts';
import { errorListText } from './outcome.ts';
import type { RunPlan } from './plan-types.ts';
import type { RunLogFile } from './ports.ts';
import type { ActiveRun, Reconciliation, RunResult } from './types.ts';

export function newRunId(now: Date): string {
  return `${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}

/** Take the company's run lock or refuse with EXPORT_RUN_IN_PROGRESS naming who runs what since when. */
export async function takeLock(deps: ExportEngineDeps, run: ActiveRun): Promise<() => Promise<void>> {
  const attempt = await deps.lock.acquire(deps.companyKey, run);
  if (attempt.ok) return attempt.release;
  const h = attempt.holder;
  throw new SagebotError({
    code: 'EXPORT_RUN_IN_PROGRESS',
    message: `Another posting run is in progress for this Sage company: ${h.user.name} is running the ${h.kind} batch ${h.batch} since ${h.since} (run ${h.runId}, process ${h.pid} on ${h.host}).`,
    fix: 'Wait for it to finish (the list of batches shows its outcome: "batches" in chat, sagebot batches on the command line), then try again.',
    details: { runId: h.runId, batch: h.batch, kind: h.kind, since: h.since },
  });
}

/**
 * Create the Manage batch of the successful records; on resume, first look it up (it may exist already).
 * `onApplied`: see ManageApi.createBatch (not called for a batch that was found).
 */
export async function recordManageBatch(
  deps: ExportEngineDeps,
  plan: RunPlan,
  processedRecordIds: number[],
  opts: { lookFirst: boolean; onApplied?: () => void },
): Promise<number> {
  deps.journal.append(plan.runId, { t: 'batching', processedRecordIds });
  if (opts.lookFirst) {
    const existing = await deps.manage.findBatch(plan.batch);
    if (existing) {
      deps.journal.append(plan.runId, { t: 'batched', manageBatchId: existing.id });
      return existing.id;
    }
  }
  // The run looked the identifier up beside its first reads (and resume just now): not again before the POST.
  const created = await deps.manage.createBatch(batchRequest(plan.kind, plan.batch, processedRecordIds), {
    onApplied: opts.onApplied,
    identifierChecked: true,
  });
  deps.journal.append(plan.runId, { t: 'batched', manageBatchId: created.id });
  return created.id;
}

/** The read-back as the audit log keeps it: reconciled, or which documents differ and how. */
export function readBackAudit(r: Reconciliation): { checked: boolean; reconciled: boolean; differences: string[] } {
  return {
    checked: r.checked,
    reconciled: r.reconciled,
    differences: r.differences.map((d) => `${d.issue} ${d.label}`),
  };
}

/** Write the error list, close the journal entry (unless the run must stay open for resume), audit it. */
export async function closeRun(
  deps: ExportEngineDeps,
  result: RunResult,
  log: RunLogFile,
  opts: { action: string; user: { id: string; name: string }; keepOpen?: boolean },
): Promise<RunResult> {
  const errorListPath = deps.journal.writeErrorList(result.runId, errorListText(result));
  log.line(`finished: ${result.outcome}`);
  log.close();
  const sageDocuments = [...result.posted, ...result.skipped].flatMap((p) => p.sage);
  if (!opts.keepOpen) {
    deps.journal.append(result.runId, { t: 'done', outcome: result.outcome });
    await deps.journal.finish(result.runId, {
      outcome: result.outcome,
      finishedAt: result.finishedAt,
      count: result.posted.length + result.skipped.filter((s) => s.sage.length).length,
      sageDocuments,
      ...(result.manageBatchId !== undefined ? { manageBatchId: result.manageBatchId } : {}),
    });
  }
  await deps.audit.record({
    action: opts.action,
    actor: opts.user,
    correlationId: result.runId,
    details: {
      batch: result.batch,
      kind: result.kind,
      outcome: result.outcome,
      posted: result.posted.length,
      skipped: result.skipped.length,
      failed: result.failed.length,
      problems: result.problems.length,
      manageBatchId: result.manageBatchId,
      ...(result.reconciliation ? { readBack: readBackAudit(result.reconciliation) } : {}),
    },
  });
  return { ...result, errorListPath, logPath: log.path };
}
