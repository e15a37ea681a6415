/**
 * Manage batches as sagebot shows them: Manage's list merged with the journal (who ran it, when, outcome),
 * and deleting one — which returns its records to Manage's unposted lists but leaves the Sage documents in
 * place, so the documents are listed first (from the journal, else rebuilt from the batch's export and looked
 * up in Sage).
 */
import { kindsOfFlags } from '../manage/record-ids.ts';
import { type ExportEngineDeps, todayOf, withLedger } from './deps.ts';
import { prepare } from './prepare.ts';
import { findExistingBatch, kindOfBatch } from './rerun.ts';
import type { BatchSummary, Requester } from './types.ts';

export async function listBatches(deps: ExportEngineDeps): Promise<BatchSummary[]> {
  const [batches, runs] = await Promise.all([deps.manage.listBatches(), deps.journal.list()]);
  const lastRun = new Map<string, (typeof runs)[number]>();
  for (const r of runs) if (r.mode === 'run') lastRun.set(r.batch, r);
  // Several companies share one Manage: a company lists the batches its own journal ran, not the others'.
  const known = new Set(runs.map((r) => r.batch));
  const own =
    (deps.routing?.companies.length ?? 0) > 1 ? batches.filter((b) => known.has(b.batchIdentifier ?? '')) : batches;
  return own.map((b) => {
    const kinds = kindsOfFlags(b);
    const r = lastRun.get(b.batchIdentifier ?? '');
    return {
      id: b.id,
      batch: b.batchIdentifier ?? String(b.id),
      kinds,
      closed: Boolean(b.closedFlag),
      ...(r
        ? {
            ranBy: r.user.name,
            ranAt: r.startedAt,
            ...(r.outcome ? { outcome: r.outcome } : {}),
            ...(r.count !== undefined ? { count: r.count } : {}),
          }
        : {}),
    };
  });
}

/** The Sage documents of a batch: what sagebot's runs of it posted or found, else what Sage holds for it now. */
export async function batchDocuments(
  deps: ExportEngineDeps,
  batchId: string,
): Promise<{ batch: string; manageBatchId: number; sageDocuments: string[] }> {
  const batch = await findExistingBatch(deps, batchId);
  const fromJournal = new Set<string>();
  for (const r of await deps.journal.list())
    if (r.batch === batchId) for (const d of r.sageDocuments ?? []) fromJournal.add(d);
  if (fromJournal.size) return { batch: batchId, manageBatchId: batch.id, sageDocuments: [...fromJournal] };
  const glExport = await deps.manage.exportBatch(batch.id);
  const settings = await deps.settings.read();
  const prepared = await withLedger(deps, (ledger) =>
    prepare(deps, ledger, { kind: kindOfBatch(batch), glExport, settings, today: todayOf(deps) }),
  );
  const found = prepared.records.flatMap((r) => r.documents.filter((d) => d.existing?.length).map((d) => d.label));
  return { batch: batchId, manageBatchId: batch.id, sageDocuments: found };
}

export async function deleteBatch(
  deps: ExportEngineDeps,
  batchId: string,
  opts: { user: Requester },
): Promise<{ batch: string; sageDocuments: string[] }> {
  const docs = await batchDocuments(deps, batchId);
  await deps.manage.deleteBatch(docs.manageBatchId);
  await deps.audit.record({
    action: 'delete-batch',
    actor: opts.user,
    details: { batch: batchId, manageBatchId: docs.manageBatchId, sageDocumentsLeft: docs.sageDocuments.length },
  });
  deps.logger.info({ batch: batchId }, 'Manage batch deleted; its Sage documents stay in Sage');
  return { batch: batchId, sageDocuments: docs.sageDocuments };
}
