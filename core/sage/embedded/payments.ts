/**
 * What a finance clerk does in Sage after the invoices arrive: customer receipts (SR) to the bank, allocated
 * to an invoice, and allocations of credit notes to invoices. A document from the invoicing module is first
 * updated to the ledgers (its SI/SC written to the audit trail), as the clerk runs "Update Ledgers" before
 * allocating. Each sales document keeps its amount paid, the date it became fully paid and the date its
 * payments last changed, which `listPaymentChanges` reads for payment sync.
 */

import { refuse } from '../errors.ts';
import type { Allocation, PaymentStatus, PostedDocument, Receipt } from '../ledger.ts';
import { capitalise, checkDate, checkLength, checkMoney, checkPostingDate, LIMITS, toBase } from '../rules.ts';
import { checkVatSchemeForPayments } from '../vat-scheme.ts';
import { requireAccount } from './accounts.ts';
import { getHeader, type HeaderRow, insertHeader, outstanding } from './audit.ts';
import { docName, getInvoiceByNumber, updateLedgers } from './invoices.ts';
import type { Company } from './store.ts';

interface SalesDoc {
  header: HeaderRow;
  /** "invoice 4600", "SI INV-7": how messages name it. */
  name: string;
}

/**
 * A sales document by invoice number (invoicing module) or batch reference; `side` says whether an invoice
 * (debit) or a credit is wanted. Runs inside the caller's transaction because it may update ledgers.
 */
function findSalesDoc(c: Company, ref: string, side: 'debit' | 'credit', account?: string): SalesDoc {
  const text = String(ref ?? '').trim();
  const wantKind = side === 'debit' ? 'invoice' : 'credit';
  if (/^\d+$/.test(text)) {
    const inv = getInvoiceByNumber(c, Number(text));
    if (inv && inv.kind === wantKind && (!account || inv.account === account)) {
      return { header: getHeader(c, updateLedgers(c, inv))!, name: docName(inv.kind, inv.number) };
    }
    if (inv && (!account || inv.account === account)) {
      throw refuse(
        'SAGE_DOCUMENT_UNKNOWN',
        `${capitalise(docName(inv.kind, inv.number))} is not ${side === 'debit' ? 'an invoice' : 'a credit note'}.`,
        side === 'debit'
          ? 'Give the number of the invoice being paid.'
          : 'Give the number of the credit note to allocate.',
        { reference: text },
      );
    }
  }
  const type = side === 'debit' ? 'SI' : 'SC';
  const rows = c.q('SELECT * FROM headers WHERE reference = ? AND type = ? ORDER BY id').all(text, type) as HeaderRow[];
  const mine = account ? rows.filter((r) => r.account === account) : rows;
  const pick = mine.find((r) => outstanding(r) > 0) ?? mine[0];
  if (pick) return { header: pick, name: `${type} ${text}` };
  const elsewhere = rows[0] ?? (/^\d+$/.test(text) ? getInvoiceByNumber(c, Number(text)) : undefined);
  if (account && elsewhere) {
    throw refuse(
      'SAGE_DOCUMENT_UNKNOWN',
      `${capitalise(side === 'debit' ? 'invoice' : 'credit note')} ${text} belongs to account ${elsewhere.account}, not ${account}.`,
      'Allocate payments and credits only within one customer account.',
      { reference: text, account },
    );
  }
  throw refuse(
    'SAGE_DOCUMENT_UNKNOWN',
    `There is no ${side === 'debit' ? 'sales invoice' : 'sales credit note'} ${text || '(blank)'}${account ? ` on account ${account}` : ''} in Sage.`,
    'Check the invoice or credit note number (Invoices and credits, or Customers > Activity, in Sage).',
    { reference: text, account },
  );
}

export function recordReceipt(c: Company, r: Receipt): PostedDocument {
  const account = requireAccount(c, 'customers', r.account, `the receipt for invoice ${r.invoice}`);
  const where = `the receipt from ${account.ref} for invoice ${r.invoice}`;
  checkMoney(r.amount, 'amount', where, 'SAGE_NEGATIVE_VALUE');
  if (r.amount === 0)
    throw refuse('SAGE_ZERO_VALUE', `${capitalise(where)} has an amount of zero.`, 'Give the amount received.');
  checkPostingDate(c.setup, r.date, where);
  checkVatSchemeForPayments(c.setup, where);
  checkLength(r.reference, LIMITS.invRef, 'reference', where);
  const bank = String(r.bankNominal ?? c.q("SELECT code FROM nominals WHERE role = 'bank'").pluck().get() ?? '1200');
  const bankNominal = c.setup.nominals.get(bank);
  if (!bankNominal?.bank) {
    throw refuse(
      'SAGE_NOMINAL_UNKNOWN',
      `Nominal code ${bank} given as the bank for ${where} is not a bank account in Sage.`,
      "Use one of the company's bank accounts, such as 1200 Bank Current Account.",
      { bank },
    );
  }
  return c.db
    .transaction(() => {
      const invoice = findSalesDoc(c, r.invoice, 'debit', account.ref);
      const due = outstanding(invoice.header);
      if (r.amount > due)
        throw overAllocation(
          `${capitalise(where)} is for ${money(r.amount)} but only ${money(due)} of ${invoice.name} is outstanding.`,
          'Record the excess as a payment on account in Sage, or correct the amount.',
        );
      const rate = c.setup.currencies.get(invoice.header.currency)?.rate ?? invoice.header.rate;
      const reference = (r.reference ?? '').trim() || invoice.header.reference;
      const id = insertHeader(c, {
        type: 'SR',
        account: account.ref,
        reference,
        date: r.date,
        details: 'Sales Receipt',
        currency: invoice.header.currency,
        rate,
        bankCode: bankNominal.code,
        splits: [
          {
            nominal: bankNominal.code,
            taxCode: 9,
            net: r.amount,
            tax: 0,
            baseNet: toBase(r.amount, rate),
            baseTax: 0,
            details: 'Sales Receipt',
            department: 0,
          },
        ],
      });
      applyAllocation(c, invoice.header, getHeader(c, id)!, r.amount, r.date, 'receipt');
      return {
        label: `SR ${reference}`,
        id: `tran:${id}`,
        type: 'SR' as const,
        reference,
        account: account.ref,
        net: r.amount,
        tax: 0,
      };
    })
    .immediate();
}

export function allocate(c: Company, a: Allocation): PostedDocument {
  const date = a.date ?? c.today();
  const where = `the allocation of credit ${a.credit} to invoice ${a.invoice}`;
  checkPostingDate(c.setup, date, where);
  checkVatSchemeForPayments(c.setup, where);
  if (a.amount !== undefined) {
    checkMoney(a.amount, 'amount', where, 'SAGE_NEGATIVE_VALUE');
    if (a.amount === 0)
      throw refuse(
        'SAGE_ZERO_VALUE',
        `${capitalise(where)} has an amount of zero.`,
        'Give the amount to allocate, or leave it out to allocate as much as possible.',
      );
  }
  return c.db
    .transaction(() => {
      const credit = findSalesDoc(c, a.credit, 'credit');
      const invoice = findSalesDoc(c, a.invoice, 'debit', credit.header.account);
      const free = outstanding(credit.header);
      const due = outstanding(invoice.header);
      const amount = a.amount ?? Math.min(free, due);
      if (amount === 0) {
        throw refuse(
          'SAGE_ZERO_VALUE',
          free === 0
            ? `${capitalise(credit.name)} has already been allocated in full.`
            : `${capitalise(invoice.name)} is already paid in full.`,
          'Nothing is left to allocate.',
        );
      }
      if (amount > free)
        throw overAllocation(
          `${capitalise(where)} is for ${money(amount)} but only ${money(free)} of ${credit.name} is unallocated.`,
          'Allocate no more than what is left on the credit note.',
        );
      if (amount > due)
        throw overAllocation(
          `${capitalise(where)} is for ${money(amount)} but only ${money(due)} of ${invoice.name} is outstanding.`,
          'Allocate no more than what is outstanding on the invoice.',
        );
      const id = applyAllocation(c, invoice.header, credit.header, amount, date, 'credit');
      return {
        label: `ALLOC ${credit.name} to ${invoice.name}`,
        id: `alloc:${id}`,
        type: 'ALLOC' as const,
        reference: invoice.header.reference,
        account: invoice.header.account,
        net: amount,
        tax: 0,
      };
    })
    .immediate();
}

/** Record an allocation and move both documents' amount paid, fully-paid date and last-change date. */
function applyAllocation(
  c: Company,
  debit: HeaderRow,
  credit: HeaderRow,
  amount: number,
  date: string,
  kind: 'receipt' | 'credit',
): number {
  const info = c
    .q(
      'INSERT INTO allocations (debit_id, credit_id, amount, base_amount, date, kind, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    .run(debit.id, credit.id, amount, toBase(amount, debit.rate), date, kind, c.now());
  for (const h of [debit, credit]) {
    const paid = h.amount_paid + amount;
    const changed = h.payments_changed_on && h.payments_changed_on > date ? h.payments_changed_on : date;
    const fullyPaid =
      paid === h.net + h.tax ? (h.fully_paid_on && h.fully_paid_on > date ? h.fully_paid_on : date) : null;
    c.q(
      'UPDATE headers SET amount_paid = ?, base_amount_paid = base_amount_paid + ?, payments_changed_on = ?, fully_paid_on = ? WHERE id = ?',
    ).run(paid, toBase(amount, h.rate), changed, fullyPaid, h.id);
  }
  return Number(info.lastInsertRowid);
}

interface ChangeRow extends HeaderRow {
  number: number | null;
  kind: 'invoice' | 'credit' | null;
}

export function listPaymentChanges(c: Company, since: string): PaymentStatus[] {
  checkDate(since, 'the payment sync start');
  // A receipt keyed in today but dated last week changed the document today: match on the payment date and on
  // when the allocation was entered, so "since the last run" never misses a back-dated receipt.
  const rows = c
    .q(`SELECT h.*, i.number AS number, i.kind AS kind FROM headers h LEFT JOIN invoices i ON i.id = h.invoice_id
      WHERE h.type IN ('SI', 'SC') AND (h.payments_changed_on >= ?
        OR h.id IN (SELECT debit_id FROM allocations WHERE created_at >= ? UNION SELECT credit_id FROM allocations WHERE created_at >= ?))
      ORDER BY h.payments_changed_on, h.id`)
    .all(since, since, since) as ChangeRow[];
  return rows.map((h) => ({
    kind: h.kind ?? (h.type as 'SI' | 'SC'),
    reference: h.number !== null ? String(h.number) : h.reference,
    account: h.account,
    currency: h.currency,
    gross: h.net + h.tax,
    amountPaid: h.amount_paid,
    ...(h.fully_paid_on ? { fullyPaidOn: h.fully_paid_on } : {}),
    lastChanged: h.payments_changed_on!,
  }));
}

function overAllocation(message: string, fix: string) {
  return refuse('SAGE_OVER_ALLOCATION', message, fix);
}

function money(minor: number): string {
  return (minor / 100).toFixed(2);
}
