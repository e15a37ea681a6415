/**
 * Demo only: customers who pay. A seed may name receipts and credit allocations that the company records by
 * itself once the documents they need have been transferred (dated that day), so the walk-through's "sync
 * payments" has something to do the first time: an invoice paid in full, one paid in part and by a credit
 * note, and a split invoice settled by its own credit half plus a receipt (the guide's example). Nothing is
 * pending in a company whose seed names none, which is every company but the demo's.
 */
import type { Minor } from '../../money.ts';
import { allocate, recordReceipt } from './payments.ts';
import { type Company, setSetting } from './store.ts';

export interface DemoPayments {
  /** Receive `percent` of what is outstanding on Sage invoice `invoice` once it exists (after its allocations). */
  receipts: Array<{ invoice: number; percent: number }>;
  /** Allocate Sage credit note `credit` to invoice `invoice` (as much as both allow), once both exist. */
  allocations: Array<{ credit: number; invoice: number }>;
}

const KEY = 'demo_payments';

export function storeDemoPayments(c: Pick<Company, 'db'>, p: DemoPayments | undefined): void {
  setSetting(c.db, KEY, p && (p.receipts.length || p.allocations.length) ? JSON.stringify(p) : null);
}

/**
 * Record the pending payments whose documents now exist; each is done once, then forgotten. Called after every
 * invoice, so the look-up is one cached statement: a company with nothing pending pays next to nothing.
 */
export function settleDemoPayments(c: Company): void {
  const raw = (c.q('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string | null } | undefined)?.value;
  if (!raw) return;
  const pending = JSON.parse(raw) as DemoPayments;
  const exists = (n: number) => Boolean(c.db.prepare('SELECT 1 FROM invoices WHERE number = ?').get(n));
  const date = c.today();
  const allocations = pending.allocations.filter((a) => {
    if (!exists(a.credit) || !exists(a.invoice)) return true;
    attempt(() => allocate(c, { credit: String(a.credit), invoice: String(a.invoice), date }));
    return false;
  });
  const receipts = pending.receipts.filter((r) => {
    if (!exists(r.invoice) || allocations.some((a) => a.invoice === r.invoice)) return true;
    const inv = c.db.prepare('SELECT account FROM invoices WHERE number = ?').get(r.invoice) as { account: string };
    const amount = Math.floor((outstanding(c, r.invoice) * r.percent) / 100);
    if (amount > 0) attempt(() => recordReceipt(c, { account: inv.account, invoice: String(r.invoice), amount, date }));
    return false;
  });
  storeDemoPayments(c, { receipts, allocations });
}

/** Gross less what is allocated: from its audit-trail header once updated to the ledgers, else the document. */
function outstanding(c: Company, number: number): Minor {
  const row = c.db
    .prepare(
      `SELECT i.net + i.tax AS gross, h.net + h.tax - h.amount_paid AS due
       FROM invoices i LEFT JOIN headers h ON h.id = i.header_id WHERE i.number = ?`,
    )
    .get(number) as { gross: number; due: number | null };
  return row.due ?? row.gross;
}

/** A demo payment Sage would refuse (a lock date, a reversed document) is left out; the posting stands. */
function attempt(fn: () => unknown): void {
  try {
    fn();
  } catch {
    /* demo data only: nothing to report */
  }
}
