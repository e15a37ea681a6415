/**
 * Posting the planned records into Sage, exactly once. Before each document is posted Sage is asked for it
 * (ledger.findDocuments): a document that appeared since the plan was made is this run's own from before a
 * crash and is not posted again; one that Sage already held when the plan was made is skipped (unless the run
 * is forced). Every step is appended to the journal as soon as it is done. A refusal by Sage fails only its
 * record; losing the connection stops the run (RunAborted) with what is done recorded.
 */

import { isSagebotError, SagebotError } from '../errors.ts';
import { isLedgerError } from '../sage/errors.ts';
import type { PostedDocument, SageLedger } from '../sage/ledger.ts';
import type { Creation, PlannedRecord, PlannedSageDocument, SageOperation } from './plan-types.ts';
import type { BatchJournal, RunLogFile } from './ports.ts';
import type { Progress } from './types.ts';

/** What is known to be done already (from this run, or replayed from the journal on resume). */
export interface PostState {
  posted: Map<string, string>;
  created: Set<string>;
}

export interface PostContext {
  ledger: SageLedger;
  journal: BatchJournal;
  runId: string;
  log: RunLogFile;
  force: boolean;
  state: PostState;
  onProgress?: (p: Progress) => void;
}

export interface RecordOutcome {
  record: PlannedRecord;
  state: 'posted' | 'already' | 'failed' | 'skip';
  /** Labels of this record's documents that are in Sage now (posted by this run or found there). */
  sage: string[];
  failure?: { code: string; message: string; fix?: string };
}

/** The connection to Sage is gone (or another failure that is not about one document): stop posting. */
export class RunAborted extends SagebotError {}

const CONNECTION_CODES = new Set([
  'SAGE_NOT_CONNECTED',
  'SAGE_IN_USE',
  'SAGE_USER_IN_USE',
  'SAGE_EXCLUSIVE',
  'SAGE_BAD_PATH',
  'SAGE_BAD_LOGIN',
  'SAGE_DRIVER_UNAVAILABLE',
  'SAGE_NOT_REGISTERED',
]);

export const docId = (record: PlannedRecord, doc: PlannedSageDocument) => `${record.manageId}:${doc.label}`;
export const creationId = (c: Creation) =>
  c.kind === 'product' ? `product:${c.product.code}` : `${c.kind}:${c.account.ref}`;

function isDocumentRefusal(e: unknown): boolean {
  return isLedgerError(e) && !CONNECTION_CODES.has(e.code);
}

function abort(e: unknown): RunAborted {
  const msg = isSagebotError(e) ? e.message : e instanceof Error ? e.message : String(e);
  return new RunAborted({
    code: isSagebotError(e) ? e.code : 'SAGE_FAILURE',
    message: `Posting stopped: ${msg}`,
    cause: e,
    fix:
      isSagebotError(e) && e.fix
        ? e.fix
        : 'Check that the Sage company is reachable, then run "sagebot resume" to finish the run.',
  });
}

async function postOperation(ledger: SageLedger, op: SageOperation): Promise<PostedDocument> {
  switch (op.op) {
    case 'invoice':
      return ledger.createInvoice(op.doc);
    case 'transaction':
      return ledger.postTransaction(op.tx);
    case 'journal':
      return (await ledger.postJournal(op.journal))[0];
    case 'purchaseOrder':
      return ledger.createPurchaseOrder(op.po);
    case 'stock':
      return ledger.postStockAdjustment(op.adj);
  }
}

async function ensureCreation(ctx: PostContext, c: Creation): Promise<void> {
  const id = creationId(c);
  if (ctx.state.created.has(id)) return;
  const { ledger } = ctx;
  let existed: boolean;
  if (c.kind === 'product') {
    existed = Boolean(await ledger.findProduct(c.product.code));
    if (!existed) await ledger.createProduct(c.product);
  } else if (c.kind === 'customer') {
    existed = Boolean(await ledger.findCustomer(c.account.ref));
    if (!existed) await ledger.createCustomer(c.account);
  } else {
    existed = Boolean(await ledger.findSupplier(c.account.ref));
    if (!existed) await ledger.createSupplier(c.account);
  }
  ctx.state.created.add(id);
  ctx.journal.append(ctx.runId, { t: 'created', ref: id, existed });
  if (!existed) ctx.log.line(`created ${id.replace(':', ' ')}`);
}

/** Post one document unless it is in Sage already; returns whether it is in Sage afterwards. */
async function postDocument(
  ctx: PostContext,
  record: PlannedRecord,
  doc: PlannedSageDocument,
): Promise<'posted' | 'already'> {
  const id = docId(record, doc);
  if (ctx.state.posted.has(id)) return 'posted';
  const found = await ctx.ledger.findDocuments(doc.key);
  const before = new Set(doc.existing ?? []);
  const ours = found.find((f) => !before.has(f.id));
  if (ours) {
    ctx.state.posted.set(id, ours.id);
    ctx.journal.append(ctx.runId, {
      t: 'posted',
      label: doc.label,
      manageId: record.manageId,
      sageId: ours.id,
      found: true,
    });
    ctx.log.line(
      `${doc.label} for ${record.type} ${record.number}: found in Sage (posted before the interruption), not posted again`,
    );
    return 'posted';
  }
  if (doc.alreadyInSage && !ctx.force) {
    ctx.journal.append(ctx.runId, {
      t: 'skipped',
      label: doc.label,
      manageId: record.manageId,
      reason: 'already in Sage',
    });
    ctx.log.line(`${doc.label} for ${record.type} ${record.number}: already in Sage, skipped`);
    return 'already';
  }
  const posted = await postOperation(ctx.ledger, doc.operation);
  ctx.state.posted.set(id, posted.id);
  ctx.journal.append(ctx.runId, {
    t: 'posted',
    label: doc.label,
    manageId: record.manageId,
    sageId: posted.id,
    found: false,
  });
  ctx.log.line(
    `${doc.label} posted for ${record.type} ${record.number} (${doc.account}, net ${(doc.net / 100).toFixed(2)}, tax ${(doc.tax / 100).toFixed(2)})`,
  );
  return 'posted';
}

export async function postRecord(ctx: PostContext, record: PlannedRecord): Promise<RecordOutcome> {
  if (record.status === 'skip') return { record, state: 'skip', sage: [] };
  const sage: string[] = [];
  let posted = 0;
  let label: string | undefined;
  try {
    for (const c of record.creations) await ensureCreation(ctx, c);
    for (const doc of record.documents) {
      label = doc.label;
      if ((await postDocument(ctx, record, doc)) === 'posted') posted++;
      sage.push(doc.label);
    }
  } catch (e) {
    if (!isDocumentRefusal(e)) throw abort(e);
    const err = e as SagebotError;
    const inSage = sage.length
      ? ` ${sage.join(', ')} ${sage.length > 1 ? 'are' : 'is'} in Sage already and will not be posted again.`
      : '';
    const failure = {
      code: err.code,
      message: `${label ? `${label}: ` : ''}${err.message}${inSage}`,
      ...(err.fix ? { fix: err.fix } : {}),
    };
    ctx.journal.append(ctx.runId, { t: 'failed', manageId: record.manageId, label, ...failure });
    ctx.log.line(
      `FAILED ${record.type} ${record.number}: ${failure.message}${failure.fix ? ` Fix: ${failure.fix}` : ''}`,
    );
    return { record, state: 'failed', sage, failure };
  }
  return { record, state: posted > 0 ? 'posted' : 'already', sage };
}

/** Post every record in order; after an abort the rest are failed with the abort's reason. */
export async function postRecords(
  ctx: PostContext,
  records: PlannedRecord[],
): Promise<{ outcomes: RecordOutcome[]; aborted?: RunAborted }> {
  const outcomes: RecordOutcome[] = [];
  const total = records.length;
  let aborted: RunAborted | undefined;
  for (const record of records) {
    if (aborted) {
      outcomes.push({
        record,
        state: 'failed',
        sage: [],
        failure: { code: aborted.code, message: `Not posted: ${aborted.message}`, fix: aborted.fix },
      });
      continue;
    }
    ctx.onProgress?.({ phase: 'posting', done: outcomes.length, total, current: `${record.type} ${record.number}` });
    try {
      outcomes.push(await postRecord(ctx, record));
    } catch (e) {
      if (!(e instanceof RunAborted)) throw e;
      aborted = e;
      ctx.log.line(`ABORTED: ${e.message}`);
      outcomes.push({ record, state: 'failed', sage: [], failure: { code: e.code, message: e.message, fix: e.fix } });
    }
  }
  ctx.onProgress?.({ phase: 'posting', done: total, total });
  return { outcomes, aborted };
}
