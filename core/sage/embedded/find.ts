/**
 * `findDocuments`: every kind of document a caller posts can be looked up again by its key, which is how
 * posting is made exactly-once (check, post, and after a crash check again). All lookups are indexed.
 */

import { stockValue } from '../document-rules.ts';
import { refuse } from '../errors.ts';
import type { DocumentKey, LedgerDocument, PostedDocument } from '../ledger.ts';
import { normaliseRef } from '../rules.ts';
import type { HeaderRow } from './audit.ts';
import { type InvoiceRow, invoicePosted } from './invoices.ts';
import type { Company } from './store.ts';

export function findDocuments(c: Company, key: DocumentKey): PostedDocument[] {
  return lookUp(c, key).map(({ doc }) => doc);
}

/** The documents under `key`, each with the currency its row holds (none for stock: Sage's base currency). */
function lookUp(c: Company, key: DocumentKey): Array<{ doc: PostedDocument; currency?: string }> {
  switch (key.doc) {
    case 'invoice':
    case 'credit': {
      const rows = c.q('SELECT * FROM invoices WHERE number = ? AND kind = ?').all(key.number, key.doc) as InvoiceRow[];
      return rows.map((r) => ({ doc: invoicePosted(r), currency: r.currency }));
    }
    case 'transaction': {
      const rows = c
        .q('SELECT * FROM headers WHERE reference = ? AND type = ? ORDER BY id')
        .all(String(key.reference ?? '').trim(), key.type) as HeaderRow[];
      const account = key.account ? normaliseRef(key.account) : undefined;
      return rows
        .filter((r) => !account || r.account === account)
        .map((r) => ({ doc: headerPosted(r), currency: r.currency }));
    }
    case 'journal': {
      const rows = c
        .q("SELECT * FROM headers WHERE reference = ? AND type IN ('JD', 'JC') ORDER BY id")
        .all(String(key.reference ?? '').trim()) as HeaderRow[];
      return rows.map((r) => ({ doc: headerPosted(r), currency: r.currency }));
    }
    case 'purchaseOrder': {
      const rows = c.q('SELECT * FROM purchase_orders WHERE number = ?').all(key.number) as Array<{
        id: number;
        number: number;
        supplier: string;
        reference: string | null;
        net: number;
        tax: number;
        currency: string;
      }>;
      return rows.map((r) => ({
        doc: {
          label: `PO ${r.number}`,
          id: `po:${r.id}`,
          type: 'PO',
          number: r.number,
          ...(r.reference ? { reference: r.reference } : {}),
          account: r.supplier,
          net: r.net,
          tax: r.tax,
        },
        currency: r.currency,
      }));
    }
    case 'stock': {
      const rows = c
        .q('SELECT * FROM stock_trans WHERE reference = ? AND type = ? ORDER BY id')
        .all(String(key.reference ?? '').trim(), key.type) as Array<{
        id: number;
        type: 'AI' | 'AO';
        stock_code: string;
        reference: string;
        quantity: number;
        cost: number;
      }>;
      return rows
        .filter((r) => !key.stockCode || r.stock_code === key.stockCode.trim())
        .map((r) => ({
          doc: {
            label: `${r.type} ${r.reference}`,
            id: `stock:${r.id}`,
            type: r.type,
            reference: r.reference,
            net: stockValue(r.cost, r.quantity),
            tax: 0,
          },
        }));
    }
    default:
      throw refuse(
        'SAGE_FAILURE',
        `Unknown document key "${String((key as { doc?: unknown }).doc)}".`,
        'Use invoice, credit, transaction, journal, purchaseOrder or stock.',
      );
  }
}

export function headerPosted(r: HeaderRow): PostedDocument {
  return {
    label: `${r.type} ${r.reference}`,
    id: `tran:${r.id}`,
    type: r.type,
    reference: r.reference,
    account: r.account,
    net: r.net,
    tax: r.tax,
  };
}

/**
 * Many keys at once, each document with its currency, read from the same row (reconciliation reads a batch back
 * a slice at a time; planning asks for every document of a batch). Invoice and credit keys, most of a batch, take
 * one query for them all (a number is unique among invoices); the other kinds one query each.
 */
export function readDocuments(c: Company, keys: DocumentKey[]): LedgerDocument[][] {
  const base = c.setup.baseCurrency;
  const invoices = invoicesByNumber(c, keys);
  return keys.map((key) => {
    if ((key.doc === 'invoice' || key.doc === 'credit') && Number.isSafeInteger(key.number)) {
      const row = invoices.get(key.number);
      return row && row.kind === key.doc ? [{ ...invoicePosted(row), currency: row.currency }] : [];
    }
    return lookUp(c, key).map(({ doc, currency }) => ({ ...doc, currency: currency ?? base }));
  });
}

/** What a read-back shows of an invoice or credit: the columns of invoicePosted and the currency. */
type PostedInvoiceRow = Pick<InvoiceRow, 'id' | 'number' | 'kind' | 'account' | 'net' | 'tax' | 'currency'>;

function invoicesByNumber(c: Company, keys: DocumentKey[]): Map<number, PostedInvoiceRow> {
  const numbers: number[] = [];
  for (const k of keys)
    if ((k.doc === 'invoice' || k.doc === 'credit') && Number.isSafeInteger(k.number)) numbers.push(k.number);
  const rows = numbers.length
    ? (c
        .q(
          'SELECT id, number, kind, account, net, tax, currency FROM invoices WHERE number IN (SELECT value FROM json_each(?))',
        )
        .all(JSON.stringify(numbers)) as PostedInvoiceRow[])
    : [];
  return new Map(rows.map((r) => [r.number, r]));
}
