/**
 * Reading a batch back from Sage right after a run, rerun or resume, while the ledger is still open: the
 * documents the run put in Sage (or found there) against what Sage holds under their keys, a slice of keys per
 * call to Sage (`readDocuments`), other work (the Manage batch being recorded) going on between calls. A
 * difference is logged as a warning and written to the run's log.
 */
import { isSagebotError } from '../errors.ts';
import type { DocumentKey, LedgerDocument, SageLedger } from '../sage/ledger.ts';
import { type ExportEngineDeps, nowOf } from './deps.ts';
import type { PlannedRecord, PlannedSageDocument } from './plan-types.ts';
import type { RunLogFile } from './ports.ts';
import type { RecordOutcome } from './post-batch.ts';
import { compareWithSage, notChecked, reconciliationLines, type SentDocument } from './reconcile.ts';
import type { Reconciliation } from './types.ts';
import { recordName } from './validate-parties.ts';

export function sentOf(record: PlannedRecord, doc: PlannedSageDocument): SentDocument {
  const { label, type, account, currency, net, tax, key } = doc;
  return { label, type, account, currency, net, tax, key, record: recordName(record) };
}

/** The documents of these outcomes that are in Sage by this run's account (posted, found, already there). */
export function sentByOutcomes(outcomes: RecordOutcome[]): SentDocument[] {
  return outcomes.flatMap((o) => {
    const inSage = new Set(o.sage);
    return o.record.documents.filter((d) => inSage.has(d.label)).map((d) => sentOf(o.record, d));
  });
}

/** Stock movements are planned without a currency: Sage keeps them in its base currency. */
async function withCurrency(ledger: SageLedger, sent: SentDocument[]): Promise<SentDocument[]> {
  if (sent.every((d) => d.currency)) return sent;
  const base = (await ledger.readSetup()).baseCurrency;
  return sent.map((d) => (d.currency ? d : { ...d, currency: base }));
}

/**
 * Keys per `readDocuments` call: about 5 ms of the embedded company's time, so an answer from Manage for the
 * batch going on beside it waits no longer than that for its next request to go out.
 */
const READ_SLICE = 200;

/**
 * What Sage holds under each key, in order. The event loop gets a turn before every call, the first included:
 * the Manage batch request started just before is sent at once, not after the first slice.
 */
async function readHeld(ledger: SageLedger, keys: DocumentKey[]): Promise<LedgerDocument[][]> {
  const held: LedgerDocument[][] = [];
  for (let i = 0; i < keys.length; i += READ_SLICE) {
    await new Promise((resolve) => setImmediate(resolve));
    for (const docs of await ledger.readDocuments(keys.slice(i, i + READ_SLICE))) held.push(docs);
  }
  return held;
}

/** Read `sent` back from Sage and compare; a failure to read is a reconciliation not checked. */
export async function readBack(
  ledger: SageLedger,
  batch: string,
  sent: SentDocument[],
  checkedAt: string,
): Promise<Reconciliation> {
  try {
    const held = await readHeld(
      ledger,
      sent.map((d) => d.key),
    );
    return compareWithSage(batch, await withCurrency(ledger, sent), held, checkedAt);
  } catch (e) {
    if (!isSagebotError(e) && !(e instanceof Error)) throw e;
    return notChecked(batch, sent, checkedAt, e.message);
  }
}

/** Log the outcome: a difference is a warning in the service log and a line in the run's log. */
export function logReconciliation(deps: ExportEngineDeps, r: Reconciliation, log?: RunLogFile): void {
  for (const line of reconciliationLines(r)) log?.line(line);
  if (!r.checked || !r.reconciled)
    deps.logger.warn(
      {
        batch: r.batch,
        checked: r.checked,
        differences: r.differences.map((d) => ({ label: d.label, issue: d.issue })),
      },
      r.checked ? `batch ${r.batch} does not reconcile with Sage` : `batch ${r.batch} could not be reconciled`,
    );
}

/** After posting, with the ledger still open: undefined when nothing of the batch is in Sage. */
export async function reconcileAfterPosting(
  deps: ExportEngineDeps,
  ledger: SageLedger,
  batch: string,
  outcomes: RecordOutcome[],
  log: RunLogFile,
): Promise<Reconciliation | undefined> {
  const sent = sentByOutcomes(outcomes);
  if (!sent.length) return undefined;
  const r = await readBack(ledger, batch, sent, nowOf(deps).toISOString());
  logReconciliation(deps, r, log);
  return r;
}
