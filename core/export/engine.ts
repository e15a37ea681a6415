/**
 * createExportEngine: the ExportEngine contract (types.ts) over its ports. Each method is one operation
 * implemented in its own module; this file only wires them and records settings changes in the audit log.
 */
import { assertBatchIdFormat, batchExistsError } from './batch-id.ts';
import { batchDocuments, deleteBatch, listBatches } from './batches.ts';
import type { ExportEngineDeps } from './deps.ts';
import { firstFreeBatchId, runPreview } from './preview.ts';
import { reconcileBatch } from './reconcile-batch.ts';
import { buildRerunPlan, executeRerun } from './rerun.ts';
import { resumeRuns } from './resume.ts';
import { executeRun } from './run.ts';
import { approvedRows, resolveNumbers } from './select-by-number.ts';
import type { ActiveRun, ExportEngine, Kind, Preview, PreviewOptions, Settings } from './types.ts';

/** The engine plus additions beyond the contract (noted in the report). */
export interface SagebotExportEngine extends ExportEngine {
  /** The Sage documents a Manage batch holds (shown before deleting it). */
  batchDocuments(batchId: string): Promise<{ batch: string; manageBatchId: number; sageDocuments: string[] }>;
}

export function createExportEngine(deps: ExportEngineDeps): SagebotExportEngine {
  return {
    preview: (kind, opts) => previewByNumber(deps, kind, opts),
    async checkBatchId(batchId) {
      assertBatchIdFormat(batchId);
      if (await deps.manage.findBatch(batchId)) throw batchExistsError(batchId, await firstFreeBatchId(deps, batchId));
    },
    async run(kind, opts) {
      // Numbers are resolved against the preview that was approved when there is one: no second preview.
      const chosen = opts.approved && approvedRows(opts.approved);
      const { options, leftOut } = await resolveNumbers(kind, opts, (o) =>
        chosen ? Promise.resolve(chosen) : runPreview(deps, kind, o),
      );
      return executeRun(
        deps,
        kind,
        { ...opts, ...options, includeNumbers: undefined, excludeNumbers: undefined },
        { leftOut },
      );
    },
    rerunPlan: (batchId) => buildRerunPlan(deps, batchId),
    rerun: (batchId, opts) => executeRerun(deps, batchId, opts),
    resume: (opts) => resumeRuns(deps, opts),
    listBatches: () => listBatches(deps),
    deleteBatch: (batchId, opts) => deleteBatch(deps, batchId, opts),
    batchDocuments: (batchId) => batchDocuments(deps, batchId),
    reconcile: (batchId, opts) => reconcileBatch(deps, batchId, opts),
    async activeRun(): Promise<ActiveRun | undefined> {
      const h = await deps.lock.holder(deps.companyKey);
      return h ? { runId: h.runId, batch: h.batch, kind: h.kind, user: h.user, since: h.since } : undefined;
    },
    getSettings: () => deps.settings.read(),
    async updateSettings(change, opts): Promise<Settings> {
      const before = await deps.settings.read();
      const after = await deps.settings.update(change);
      const changed = (Object.keys(after) as Array<keyof Settings>).filter((k) => before[k] !== after[k]);
      if (changed.length) {
        await deps.audit.record({
          action: 'settings',
          actor: opts.user,
          details: Object.fromEntries(changed.map((k) => [k, { from: before[k], to: after[k] }])),
        });
      }
      return after;
    },
  };
}

/** The preview, with records chosen by number left out (and listed) and the locations one may choose. */
async function previewByNumber(deps: ExportEngineDeps, kind: Kind, opts: PreviewOptions): Promise<Preview> {
  const { options, leftOut } = await resolveNumbers(kind, opts, (o) => runPreview(deps, kind, o));
  const preview = await runPreview(deps, kind, options, { locations: true });
  return leftOut.length ? { ...preview, leftOut } : preview;
}
