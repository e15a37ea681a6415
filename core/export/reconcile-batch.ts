/**
 * `reconcile BATCH` (CLI and chat): read any earlier batch back from Sage, e.g. after a Sage backup was
 * restored, and list what Sage is missing or holds differently. What the batch sent comes from sagebot's journal
 * (each run's plan, and the documents its events say are in Sage); a batch sagebot has no journal of is rebuilt
 * from Manage's export of it. Sage is asked once per batch. Read-only: nothing is posted, created or batched.
 */
import { SagebotError } from '../errors.ts';
import { type ExportEngineDeps, nowOf, todayOf, withLedger } from './deps.ts';
import { prepare } from './prepare.ts';
import { logReconciliation, readBack, sentOf } from './read-back.ts';
import type { SentDocument } from './reconcile.ts';
import { findExistingBatch, kindOfBatch } from './rerun.ts';
import { readBackAudit } from './run-support.ts';
import type { Reconciliation, Requester } from './types.ts';

/** What sagebot's runs of the batch put in Sage (or found there), by the journal; [] when it has none. */
async function sentByJournal(deps: ExportEngineDeps, batchId: string): Promise<SentDocument[]> {
  const inSage = new Map<string, SentDocument>();
  for (const run of (await deps.journal.list()).filter((r) => r.batch === batchId)) {
    const loaded = await deps.journal.load(run.runId);
    if (!loaded?.plan) continue;
    const docs = new Map<string, SentDocument>();
    for (const record of loaded.plan.records)
      for (const doc of record.documents) docs.set(`${record.manageId}:${doc.label}`, sentOf(record, doc));
    for (const e of loaded.events) {
      const there = e.t === 'posted' || (e.t === 'skipped' && e.reason === 'already in Sage');
      const id = there ? `${e.manageId}:${e.label}` : '';
      const doc = docs.get(id);
      if (doc) inSage.set(id, doc);
    }
  }
  return [...inSage.values()];
}

/** `reconcile BATCH`: read an earlier batch back from Sage; audited, and a difference is logged as a problem. */
export async function reconcileBatch(
  deps: ExportEngineDeps,
  batchId: string,
  opts: { user: Requester },
): Promise<Reconciliation> {
  // Mid-posting, Sage holds only part of the batch: reading it back then would report differences that are not.
  const running = await deps.lock.holder(deps.companyKey);
  if (running?.batch === batchId)
    throw new SagebotError({
      code: 'EXPORT_RUN_IN_PROGRESS',
      message: `Batch ${batchId} is being posted right now (${running.user.name}, since ${running.since}): Sage does not hold all of it yet.`,
      fix: `Reconcile batch ${batchId} again once the run has finished ("status" in chat, sagebot status on the command line, shows when it has).`,
    });
  const fromJournal = await sentByJournal(deps, batchId);
  const r = await withLedger(deps, async (ledger) => {
    let sent = fromJournal;
    if (!sent.length) {
      const batch = await findExistingBatch(deps, batchId);
      const glExport = await deps.manage.exportBatch(batch.id);
      const settings = await deps.settings.read();
      const prepared = await prepare(deps, ledger, {
        kind: kindOfBatch(batch),
        glExport,
        settings,
        today: todayOf(deps),
      });
      sent = prepared.records
        .filter((rec) => rec.status === 'transfer')
        .flatMap((rec) => rec.documents.map((d) => sentOf(rec, d)));
    }
    return readBack(ledger, batchId, sent, nowOf(deps).toISOString());
  });
  logReconciliation(deps, r);
  await deps.audit.record({
    action: 'reconcile',
    actor: opts.user,
    details: { batch: batchId, documents: r.documents, ...readBackAudit(r) },
  });
  return r;
}
