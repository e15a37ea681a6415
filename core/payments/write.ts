/**
 * Writing the differences to Manage. Manage keeps one payment per invoice (integrations that sync payments
 * update it rather than add a second), so an invoice that already has something applied has its payments read
 * first, and its payment is PATCHed to its amount plus the difference (the new paid total when it is the only
 * one); an invoice whose looked-up figures show nothing applied gets one POSTed, without that read. Amounts
 * are always positive. A new payment takes the type code the payments already in Manage use (the server's own
 * value: those of these invoices, else the latest payment in Manage), else "P", the code integrations send.
 *
 * Against a slow Manage the reads, then the writes, go out at once, at most `concurrency` (MANAGE_CONCURRENCY)
 * in flight. That is safe because every write is to its own invoice (one per invoice, checked) and each is
 * exactly-once on its own (a PATCH sets an absolute amount; a POST whose answer was lost is checked before it
 * is sent again, client-records.ts); what must come in order does: an invoice's read before its write, the
 * payment type before any POST. A 429 pauses them all (the client's shared pause).
 */

import { mapLimit } from '../concurrency.ts';
import { isSagebotError } from '../errors.ts';
import type { PaymentUpdate, Problem, Progress, Requester } from '../export/types.ts';
import type { Logger } from '../logger.ts';
import type { ManageApi } from '../manage/api.ts';
import { isManageError, type ManageError } from '../manage/errors.ts';
import type { InvoicePayment } from '../manage/models.ts';
import { fromMinor, toMinor } from '../money.ts';
import type { Decision } from './amounts.ts';
import { paymentTypeRefused, writeFailed } from './problems.ts';

/** Requests at once when the caller does not say (MANAGE_CONCURRENCY's default). */
const DEFAULT_CONCURRENCY = 4;
/** The payment type real integrations send when nothing in Manage shows another. */
export const DEFAULT_PAYMENT_TYPE = 'P';

export type Write = Extract<Decision, { action: 'write' }>;

export interface Written {
  updated: PaymentUpdate[];
  problems: Problem[];
  /** POSTs and PATCHes sent. */
  requests: number;
  failures: number;
}

interface Deps {
  manage: ManageApi;
  logger: Logger;
  /** Manage requests in flight at once (default 4). */
  concurrency?: number;
}

type Existing = InvoicePayment[] | { error: unknown };

export async function writePayments(
  deps: Deps,
  user: Requester,
  writes: Write[],
  progress: (p: Progress) => void,
): Promise<Written> {
  const out: Written = { updated: [], problems: [], requests: 0, failures: 0 };
  const limit = Math.max(1, deps.concurrency ?? DEFAULT_CONCURRENCY);
  oneWritePerInvoice(writes);
  const existing = await mapLimit(writes, limit, (w) =>
    w.noPaymentYet
      ? Promise.resolve([])
      : deps.manage.listInvoicePayments(w.update.manageInvoiceId).catch((e: unknown) => failure(e)),
  );
  const type = await paymentType(deps, writes, existing);
  let done = 0;
  await mapLimit([...writes.keys()], limit, async (i) => {
    const w = writes[i];
    const before = existing[i];
    try {
      if (!Array.isArray(before)) throw before.error;
      out.requests++;
      await writeOne(deps.manage, w, before, type, user);
      out.updated.push(w.update);
    } catch (e) {
      if (!isSagebotError(e)) throw e;
      out.failures++;
      out.problems.push(problemOf(w, e, type));
      deps.logger.warn({ err: e, invoice: w.update.invoiceNumber }, 'payment write failed');
    }
    progress({ phase: 'posting', done: ++done, total: writes.length, current: `Invoice ${w.update.invoiceNumber}` });
  });
  out.updated.sort((a, b) => a.invoiceNumber.localeCompare(b.invoiceNumber, 'en', { numeric: true }));
  return out;
}

/** Writes run in parallel only because no two touch one invoice; two would be a matching bug, never raced. */
function oneWritePerInvoice(writes: Write[]): void {
  const seen = new Set<number>();
  for (const w of writes) {
    if (seen.has(w.update.manageInvoiceId))
      throw new Error(`payment sync: two writes for Manage invoice id ${w.update.manageInvoiceId}`);
    seen.add(w.update.manageInvoiceId);
  }
}

function failure(e: unknown): { error: unknown } {
  return { error: e };
}

/** One invoice: update its payment when it has one (the latest, when Manage holds several), else create it. */
async function writeOne(
  manage: ManageApi,
  w: Write,
  before: InvoicePayment[],
  type: string,
  user: Requester,
): Promise<void> {
  const invoiceId = w.update.manageInvoiceId;
  const paymentDate = `${w.paymentDate}T00:00:00Z`;
  const target = [...before].sort((a, b) => a.id - b.id).at(-1);
  if (target) {
    const amount = toMinor(Math.abs(target.amount ?? 0), w.decimals) + w.difference;
    await manage.updateInvoicePayment(invoiceId, target.id, {
      amount: fromMinor(amount, w.decimals),
      paymentDate,
      appliedBy: user.name,
    });
    return;
  }
  await manage.createInvoicePayment(invoiceId, {
    type,
    amount: fromMinor(w.difference, w.decimals),
    paymentDate,
    appliedBy: user.name,
    existingPaymentIds: [],
  });
}

/**
 * The type for new payments: the code the payments on these invoices carry, else that of the latest payment
 * anywhere in Manage (read only when a POST is due), else the default.
 */
async function paymentType(deps: Deps, writes: Write[], existing: Existing[]) {
  const lists = existing.filter((x): x is InvoicePayment[] => Array.isArray(x));
  const seen = learnType(lists);
  const posts = lists.some((l) => l.length === 0);
  if (seen || !posts || writes.length === 0) return seen ?? DEFAULT_PAYMENT_TYPE;
  const sample = await deps.manage.samplePaymentType().catch((e: unknown) => {
    deps.logger.warn({ err: e }, 'could not read a payment type from Manage; using the default');
    return undefined;
  });
  return sample ?? DEFAULT_PAYMENT_TYPE;
}

/** The type code most of the given payments carry, if any carries one. */
export function learnType(lists: InvoicePayment[][]): string | undefined {
  const counts = new Map<string, number>();
  for (const p of lists.flat()) {
    const t = p.type?.trim();
    if (t) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

function problemOf(w: Write, e: { code: string; message: string }, type: string): Problem {
  const { invoiceNumber, manageInvoiceId } = w.update;
  if (isManageError(e) && isTypeRefusal(e)) return paymentTypeRefused(invoiceNumber, manageInvoiceId, type, e.message);
  return writeFailed(invoiceNumber, manageInvoiceId, e.code, e.message, isManageError(e) && e.mayHaveApplied);
}

/** A 400 whose field, or failing that whose message, names the payment type. */
function isTypeRefusal(e: ManageError): boolean {
  if (e.status !== 400) return false;
  const fields = (e.body?.errors ?? []).map((x) => (x.field ?? '').toLowerCase());
  if (fields.length > 0 && fields.some((f) => f)) return fields.includes('type');
  return /\btype\b/i.test(`${e.body?.message ?? ''} ${e.message}`);
}
