/**
 * Reconciliation, purely: the documents a batch sent to Sage against what Sage holds under their keys, per
 * document type and currency (count, net, tax, gross), to the penny, and every document that is missing,
 * different or in Sage more than once, each with what to do. Reading Sage is the caller's job
 * (reconcile-batch.ts); this module only compares.
 */
import { formatMoney, type Minor } from '../money.ts';
import type { DocumentKey, LedgerDocument } from '../sage/ledger.ts';
import { normaliseRef } from '../sage/rules.ts';
import type { PlannedDocument, ReconcileDifference, ReconcileFigures, ReconcileRow, Reconciliation } from './types.ts';

/** A document as the batch sent it (its plan), with the Manage record users know it by. */
export interface SentDocument extends PlannedDocument {
  key: DocumentKey;
  /** "Invoice 460". */
  record: string;
}

const none = (): ReconcileFigures => ({ count: 0, net: 0, tax: 0, gross: 0 });

function add(to: ReconcileFigures, net: Minor, tax: Minor, count = 1): void {
  to.count += count;
  to.net += net;
  to.tax += tax;
  to.gross += net + tax;
}

function figuresOf(docs: Array<{ net: Minor; tax: Minor }>): ReconcileFigures {
  const f = none();
  for (const d of docs) add(f, d.net, d.tax);
  return f;
}

/**
 * The copies of a sent document among what Sage holds under its key. A journal is found as its JD and JC
 * lines (one header per line): the batch's figure of a journal is its credit total, so each JC line is a copy.
 */
function copiesOf(sent: SentDocument, held: LedgerDocument[]): LedgerDocument[] {
  if (sent.key.doc !== 'journal') return held;
  return held.filter((d) => d.type === 'JC').map((d) => ({ ...d, currency: d.currency || sent.currency }));
}

function same(sent: SentDocument, d: LedgerDocument): boolean {
  const account = sent.key.doc === 'journal' || d.account === undefined || !sent.account;
  return (
    (account || normaliseRef(d.account ?? '') === normaliseRef(sent.account)) &&
    d.currency === sent.currency &&
    d.net === sent.net &&
    d.tax === sent.tax
  );
}

const describe = (f: { net: Minor; tax: Minor }, currency: string, account?: string) =>
  `${account ? `account ${account}, ` : ''}net ${formatMoney(f.net, currency)}, tax ${formatMoney(f.tax, currency)}, gross ${formatMoney(f.net + f.tax, currency)}`;

function difference(sent: SentDocument, copies: LedgerDocument[], batch: string): ReconcileDifference | undefined {
  const manage = figuresOf([sent]);
  const sage = figuresOf(copies);
  const base = { label: sent.label, record: sent.record, currency: sent.currency, manage, sage };
  const rerun = `"rerun ${batch}" (sagebot rerun ${batch})`;
  if (!copies.length)
    return {
      ...base,
      issue: 'missing',
      message: `Sage is missing ${sent.label} (${formatMoney(manage.gross, sent.currency)}) of ${sent.record}, batch ${batch}.`,
      fix: `Restore ${sent.label} in Sage, or post it again with ${rerun}: a rerun posts only what Sage is missing.`,
    };
  if (copies.length > 1)
    return {
      ...base,
      issue: 'duplicate',
      message: `Sage holds ${sent.label} ${copies.length} times (${copies.map((c) => formatMoney(c.net + c.tax, c.currency)).join(' + ')}); batch ${batch} sent it once (${formatMoney(manage.gross, sent.currency)}).`,
      fix: `Remove the extra ${copies.length - 1 === 1 ? 'copy' : 'copies'} of ${sent.label} in Sage (a forced rerun posts documents again).`,
    };
  const [held] = copies;
  if (same(sent, held)) return undefined;
  return {
    ...base,
    issue: 'different',
    message: `${sent.label} in Sage (${describe(held, held.currency, held.account)}) is not what batch ${batch} sent for ${sent.record} (${describe(sent, sent.currency, sent.account)}).`,
    fix: `Check ${sent.label} in Sage: correct it there, or remove it and post it again with ${rerun}.`,
  };
}

function rowOf(rows: Map<string, ReconcileRow>, type: string, currency: string): ReconcileRow {
  const key = `${type}|${currency}`;
  let row = rows.get(key);
  if (!row) {
    row = { type, currency, manage: none(), sage: none() };
    rows.set(key, row);
  }
  return row;
}

/**
 * Compare what the batch sent (`sent`) with what Sage holds (`held[i]`: the documents under `sent[i].key`).
 * Money stays in integer minor units of each document's own currency; currencies are never added together.
 */
export function compareWithSage(
  batch: string,
  sent: SentDocument[],
  held: LedgerDocument[][],
  checkedAt: string,
): Reconciliation {
  const rows = new Map<string, ReconcileRow>();
  const differences: ReconcileDifference[] = [];
  sent.forEach((doc, i) => {
    add(rowOf(rows, doc.type, doc.currency).manage, doc.net, doc.tax);
    const copies = copiesOf(doc, held[i] ?? []);
    for (const c of copies) add(rowOf(rows, doc.type, c.currency).sage, c.net, c.tax);
    const diff = difference(doc, copies, batch);
    if (diff) differences.push(diff);
  });
  const ordered = [...rows.values()].sort(
    (a, b) => a.type.localeCompare(b.type) || a.currency.localeCompare(b.currency),
  );
  return {
    batch,
    checked: true,
    reconciled: differences.length === 0,
    checkedAt,
    documents: sent.length,
    rows: ordered,
    differences,
  };
}

/** Sage could not be read back: the reconciliation says so instead of claiming anything. */
export function notChecked(batch: string, sent: SentDocument[], checkedAt: string, why: string): Reconciliation {
  const rows = new Map<string, ReconcileRow>();
  for (const d of sent) add(rowOf(rows, d.type, d.currency).manage, d.net, d.tax);
  return {
    batch,
    checked: false,
    reconciled: false,
    checkedAt,
    documents: sent.length,
    rows: [...rows.values()],
    differences: [],
    note: `Sage could not be read back to reconcile batch ${batch}: ${why} Run "sagebot reconcile ${batch}" when Sage answers.`,
  };
}

/** One line per difference (or "reconciled"), for logs, error lists and plain-text replies. */
export function reconciliationLines(r: Reconciliation): string[] {
  if (!r.checked) return [`NOT RECONCILED ${r.note ?? ''}`.trim()];
  if (r.reconciled)
    return [
      `RECONCILED batch ${r.batch}: ${r.documents} Sage documents match what the batch sent (${r.rows
        .map((row) => `${row.type} ${row.manage.count} ${formatMoney(row.manage.gross, row.currency)}`)
        .join('; ')})`,
    ];
  return r.differences.map((d) => `RECONCILE ${d.issue.toUpperCase()} ${d.label}: ${d.message} Fix: ${d.fix}`);
}
