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
  switch (key.doc) {
    case 'invoice':
    case 'credit': {
      const rows = c.q('SELECT * FROM invoices WHERE number = ? AND kind = ?').all(key.number, key.doc) as InvoiceRow[];
      return rows.map((r) => invoicePosted(r));
    }
    case 'transaction': {
      const rows = c
        .q('SELECT * FROM headers WHERE reference = ? AND type = ? ORDER BY id')
        .all(String(key.reference ?? '').trim(), key.type) as HeaderRow[];
      const account = key.account ? normaliseRef(key.account) : undefined;
      return rows.filter((r) => !account || r.account === account).map(headerPosted);
    }
    case 'journal': {
      const rows = c
        .q("SELECT * FROM headers WHERE reference = ? AND type IN ('JD', 'JC') ORDER BY id")
        .all(String(key.reference ?? '').trim()) as HeaderRow[];
      return rows.map(headerPosted);
    }
    case 'purchaseOrder': {
      const rows = c.q('SELECT * FROM purchase_orders WHERE number = ?').all(key.number) as Array<{
        id: number;
        number: number;
        supplier: string;
        reference: string | null;
        net: number;
        tax: number;
      }>;
      return rows.map((r) => ({
        label: `PO ${r.number}`,
        id: `po:${r.id}`,
        type: 'PO',
        number: r.number,
        ...(r.reference ? { reference: r.reference } : {}),
        account: r.supplier,
        net: r.net,
        tax: r.tax,
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
          label: `${r.type} ${r.reference}`,
          id: `stock:${r.id}`,
          type: r.type,
          reference: r.reference,
          net: stockValue(r.cost, r.quantity),
          tax: 0,
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

const CURRENCY_TABLES: Record<string, string> = { invoice: 'invoices', tran: 'headers', po: 'purchase_orders' };

/** Many keys at once, each document with its currency (reconciliation reads a batch back a slice at a time). */
export function readDocuments(c: Company, keys: DocumentKey[]): LedgerDocument[][] {
  return keys.map((key) =>
    findDocuments(c, key).map((d) => {
      const [table, id] = [CURRENCY_TABLES[d.id.split(':')[0]], Number(d.id.split(':')[1])];
      const row = table
        ? (c.q(`SELECT currency FROM ${table} WHERE id = ?`).get(id) as { currency: string } | undefined)
        : undefined;
      return { ...d, currency: row?.currency ?? c.setup.baseCurrency };
    }),
  );
}
