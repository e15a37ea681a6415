/**
 * Sales invoices and credit notes of the invoicing module (Sage's InvoicePost): created unposted, with
 * product or service lines, one number space shared by invoices and credit notes. `updateLedgers` is Sage's
 * "Update Ledgers": it writes the document's SI/SC to the audit trail and marks it posted.
 */

import { checkInvoiceLine, totals } from '../document-rules.ts';
import { refuse } from '../errors.ts';
import type { InvoiceDocument, PostedDocument } from '../ledger.ts';
import { capitalise, checkDocumentNumber, checkLength, checkPostingDate, LIMITS, resolveCurrency } from '../rules.ts';
import { findProduct, requireAccount } from './accounts.ts';
import { insertHeader } from './audit.ts';
import type { Company } from './store.ts';

export interface InvoiceRow {
  id: number;
  number: number;
  kind: 'invoice' | 'credit';
  format: 'product' | 'service';
  account: string;
  date: string;
  currency: string;
  rate: number;
  order_number: string | null;
  notes: string | null;
  net: number;
  tax: number;
  base_net: number;
  base_tax: number;
  line_count: number;
  posted: number;
  header_id: number | null;
  created_at: string;
}

export interface LineRow {
  invoice_id: number;
  line_no: number;
  stock_code: string;
  description: string;
  quantity: number;
  unit_price: number;
  net: number;
  tax: number;
  base_net: number;
  base_tax: number;
  tax_code: number | null;
  nominal: string | null;
  department: number;
  project: string | null;
}

export function docName(kind: 'invoice' | 'credit', number: number | string): string {
  return `${kind === 'credit' ? 'credit note' : 'invoice'} ${number}`;
}

export function createInvoice(c: Company, doc: InvoiceDocument): PostedDocument {
  if (doc.kind !== 'invoice' && doc.kind !== 'credit')
    throw refuse('SAGE_FAILURE', `Unknown document kind "${String(doc.kind)}".`, 'Use invoice or credit.');
  if (doc.format !== 'product' && doc.format !== 'service')
    throw refuse('SAGE_FAILURE', `Unknown invoice format "${String(doc.format)}".`, 'Use product or service.');
  checkDocumentNumber(doc.number, doc.kind === 'credit' ? 'credit note' : 'invoice');
  const where = docName(doc.kind, doc.number);
  refuseDuplicate(c, doc.number, doc.kind);
  const account = requireAccount(c, 'customers', doc.account, where);
  checkPostingDate(c.setup, doc.date, where);
  const cur = resolveCurrency(c.setup, account.currency, doc.currency, doc.exchangeRate, where, account.ref);
  checkLength(doc.orderNumber, LIMITS.orderNumber, 'order number', where);
  checkLength(doc.notes, LIMITS.notes, 'notes', where);
  if (!Array.isArray(doc.lines) || doc.lines.length === 0) {
    throw refuse('SAGE_ZERO_VALUE', `${capitalise(where)} has no lines.`, 'Give the document at least one line.');
  }
  const lines = doc.lines.map((line, i) =>
    checkInvoiceLine(c.setup, line, `line ${i + 1} of ${where}`, doc.format, cur.rate, (code) => findProduct(c, code)),
  );
  const { net, tax, baseNet, baseTax } = totals(lines);
  const id = c.db
    .transaction(() => {
      const info = c
        .q(`INSERT INTO invoices (number, kind, format, account, date, currency, rate, order_number, notes, net, tax, base_net, base_tax,
        line_count, posted, user, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`)
        .run(
          doc.number,
          doc.kind,
          doc.format,
          account.ref,
          doc.date,
          cur.currency,
          cur.rate,
          doc.orderNumber ?? null,
          doc.notes ?? null,
          net,
          tax,
          baseNet,
          baseTax,
          lines.length,
          c.user,
          c.now(),
        );
      const invoiceId = Number(info.lastInsertRowid);
      const insertLine =
        c.q(`INSERT INTO invoice_lines (invoice_id, line_no, stock_code, description, quantity, unit_price, net, tax, base_net, base_tax,
        tax_code, nominal, department, project) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      lines.forEach((l, i) =>
        insertLine.run(
          invoiceId,
          i + 1,
          l.stockCode,
          l.description,
          l.quantity,
          l.unitPrice,
          l.net,
          l.tax,
          l.baseNet,
          l.baseTax,
          l.taxCode,
          l.nominal,
          l.department,
          l.project,
        ),
      );
      return invoiceId;
    })
    .immediate();
  return invoicePosted({ id, number: doc.number, kind: doc.kind, account: account.ref, net, tax });
}

export function invoicePosted(r: {
  id: number;
  number: number;
  kind: 'invoice' | 'credit';
  account: string;
  net: number;
  tax: number;
}): PostedDocument {
  return {
    label: `${r.kind === 'credit' ? 'SC' : 'SI'} ${r.number}`,
    id: `invoice:${r.id}`,
    type: r.kind,
    number: r.number,
    reference: String(r.number),
    account: r.account,
    net: r.net,
    tax: r.tax,
  };
}

function refuseDuplicate(c: Company, number: number, kind: 'invoice' | 'credit'): void {
  const existing = c.q('SELECT kind FROM invoices WHERE number = ?').get(number) as
    | { kind: 'invoice' | 'credit' }
    | undefined;
  if (!existing) return;
  const same = existing.kind === kind;
  throw refuse(
    'SAGE_DUPLICATE_NUMBER',
    same
      ? `${capitalise(docName(kind, number))} already exists in Sage.`
      : `Number ${number} is already used by ${docName(existing.kind, number)} in Sage. Sage does not allow an invoice and a credit note with the same number.`,
    same
      ? 'It was probably transferred before: check Invoices and credits in Sage before sending it again.'
      : 'Keep split-invoice numbering (invoice N0 for the positive lines, credit note N1 for the negative ones) or use another number.',
    { number, existing: existing.kind },
  );
}

export function getInvoice(c: Company, id: number): InvoiceRow | undefined {
  return c.q('SELECT * FROM invoices WHERE id = ?').get(id) as InvoiceRow | undefined;
}

export function getInvoiceByNumber(c: Company, number: number): InvoiceRow | undefined {
  return c.q('SELECT * FROM invoices WHERE number = ?').get(number) as InvoiceRow | undefined;
}

/** Sage's "Update Ledgers" for one document (inside the caller's transaction): its SI/SC on the audit trail. */
export function updateLedgers(c: Company, invoice: InvoiceRow): number {
  if (invoice.posted && invoice.header_id) return invoice.header_id;
  const lines = c.q('SELECT * FROM invoice_lines WHERE invoice_id = ? ORDER BY line_no').all(invoice.id) as LineRow[];
  const splits = lines
    .filter((l) => l.nominal !== null)
    .map((l) => ({
      nominal: l.nominal!,
      taxCode: l.tax_code ?? 9,
      net: l.net,
      tax: l.tax,
      baseNet: l.base_net,
      baseTax: l.base_tax,
      details: l.description,
      department: l.department,
      project: l.project ?? undefined,
    }));
  const headerId = insertHeader(c, {
    type: invoice.kind === 'credit' ? 'SC' : 'SI',
    account: invoice.account,
    reference: String(invoice.number),
    date: invoice.date,
    details: invoice.notes ?? lines[0]?.description ?? '',
    currency: invoice.currency,
    rate: invoice.rate,
    invoiceId: invoice.id,
    splits,
  });
  c.q('UPDATE invoices SET posted = 1, header_id = ? WHERE id = ?').run(headerId, invoice.id);
  invoice.posted = 1;
  invoice.header_id = headerId;
  return headerId;
}
