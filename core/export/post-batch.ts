/**
 * Posting the planned records into Sage, exactly once.
 *
 * Why each document is posted at most once, crash or not (the argument the crash tests check):
 *  1. The plan is journaled durably before anything is posted (write, fsync, rename); it carries, per document,
 *     the ids Sage already held under its key when the plan was made (`existing`), from the one look-up of the
 *     batch's documents that validation makes. Sage is not asked again before each document.
 *  2. Before a group of documents is posted, an `intent` event naming them is appended to the journal and the
 *     journal is fsync'd (one fsync per group, BatchJournal.intend). So no document reaches Sage unless a durable
 *     intent names it — even if the machine loses power right after Sage's own commit.
 *  3. Each outcome (`posted`, `skipped`, `failed`) is journaled without an fsync of its own (a document's
 *     `posted` or `skipped` is written with the next intent or event): the next group's intent (or the end of the
 *     run) makes it durable. An outcome lost in a crash costs a look-up.
 *  4. On resume (resume.ts replays the journal) a document is in doubt when an intent names it and no outcome
 *     does. Only those are looked up in Sage (once each, before they would be posted): one found under its key
 *     that is not among the plan's `existing` ids is this run's own and is not posted again. A document no
 *     intent names was never handed to Sage, so it is posted without a look-up. A journal with no intent at all
 *     (written before intents existed) puts every document without an outcome in doubt.
 * Every write to Sage is atomic per document (ledger.ts), so a document is either there or not: steps 2-4
 * leave no case where it is posted twice or left out. A refusal by Sage fails only its record; losing the
 * connection stops the run (RunAborted) with what is done recorded.
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
  /**
   * Documents that may be in Sage without the journal saying so (an intent named them, no outcome did): each is
   * looked up before it would be posted. `all`: a journal from before intents, where any document may be.
   */
  inDoubt: Set<string> | 'all';
}

/** The state of a run that has posted nothing yet. */
export const freshPostState = (): PostState => ({ posted: new Map(), created: new Set(), inDoubt: new Set() });

/**
 * Documents per intent (one fsync each). Larger groups mean fewer fsyncs; the cost is at most this many
 * look-ups in Sage on resume. 5,000 documents take 20 fsyncs next to Sage's own 5,000 commits.
 */
export const INTENT_GROUP = 256;

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

/** A document under the key of `doc` that Sage did not hold when the plan was made: this run's own. */
async function ownInSage(ctx: PostContext, doc: PlannedSageDocument): Promise<PostedDocument | undefined> {
  const before = new Set(doc.existing ?? []);
  return (await ctx.ledger.findDocuments(doc.key)).find((f) => !before.has(f.id));
}

/** Post one document unless it is in Sage already; returns whether it is in Sage afterwards. */
async function postDocument(
  ctx: PostContext,
  record: PlannedRecord,
  doc: PlannedSageDocument,
): Promise<'posted' | 'already'> {
  const id = docId(record, doc);
  if (ctx.state.posted.has(id)) return 'posted';
  const inDoubt = ctx.state.inDoubt;
  const ours = inDoubt === 'all' || inDoubt.has(id) ? await ownInSage(ctx, doc) : undefined;
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

/** Posting progress is reported about this many times a run (and at least once a second), not per record. */
export const PROGRESS_STEPS = 100;
const PROGRESS_MS = 1000;

/** A progress reporter that lets through record 0, every total/PROGRESS_STEPS-th, and any after a quiet second. */
function progressReporter(ctx: PostContext, total: number): (i: number, record: PlannedRecord) => void {
  const step = Math.max(1, Math.floor(total / PROGRESS_STEPS));
  let lastAt = Number.NEGATIVE_INFINITY;
  return (i, record) => {
    if (!ctx.onProgress) return;
    const now = performance.now();
    if (i % step !== 0 && now - lastAt < PROGRESS_MS) return;
    lastAt = now;
    ctx.onProgress({ phase: 'posting', done: i, total, current: `${record.type} ${record.number}` });
  };
}

/** The documents of records[from..] that may be posted, up to about INTENT_GROUP; `end` = first record after. */
function nextGroup(ctx: PostContext, records: PlannedRecord[], from: number): { ids: string[]; end: number } {
  const ids: string[] = [];
  let end = from;
  while (end < records.length && ids.length < INTENT_GROUP) {
    const record = records[end++];
    if (record.status === 'skip') continue;
    for (const doc of record.documents) {
      const id = docId(record, doc);
      if (!ctx.state.posted.has(id) && !(doc.alreadyInSage && !ctx.force)) ids.push(id);
    }
  }
  return { ids, end };
}

/**
 * Post every record in order, an intent journaled (and fsync'd) before each group of documents; after an abort
 * the rest are failed with the abort's reason. Progress is thinned (progressReporter): a bot re-renders its card
 * and a terminal redraws its bar for each report, which per document would cost more than the posting loop.
 */
export async function postRecords(
  ctx: PostContext,
  records: PlannedRecord[],
): Promise<{ outcomes: RecordOutcome[]; aborted?: RunAborted }> {
  const outcomes: RecordOutcome[] = [];
  const total = records.length;
  let aborted: RunAborted | undefined;
  let covered = 0;
  const progress = progressReporter(ctx, total);
  for (const [i, record] of records.entries()) {
    if (!aborted && i >= covered) {
      const group = nextGroup(ctx, records, i);
      covered = group.end;
      try {
        if (group.ids.length) ctx.journal.intend(ctx.runId, group.ids);
      } catch (e) {
        aborted = abort(e);
        ctx.log.line(`ABORTED: ${aborted.message}`);
      }
    }
    if (aborted) {
      outcomes.push({
        record,
        state: 'failed',
        sage: [],
        failure: { code: aborted.code, message: `Not posted: ${aborted.message}`, fix: aborted.fix },
      });
      continue;
    }
    progress(i, record);
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
