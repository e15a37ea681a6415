/**
 * Purchase orders (Sage's PopPost), received in full: each stock-item line books its goods in (GI) and
 * raises the quantity in stock. Stock adjustments in and out (AI/AO) with their reference, quantity and cost.
 */

import { checkPoLine, stockValue, totals } from '../document-rules.ts';
import { refuse } from '../errors.ts';
import type { PostedDocument, PurchaseOrderDocument, StockAdjustment } from '../ledger.ts';
import {
  capitalise,
  checkDocumentNumber,
  checkLength,
  checkMoney,
  checkPostingDate,
  checkQuantity,
  LIMITS,
  resolveCurrency,
} from '../rules.ts';
import { findProduct, requireAccount } from './accounts.ts';
import type { Company } from './store.ts';

export function createPurchaseOrder(c: Company, po: PurchaseOrderDocument): PostedDocument {
  checkDocumentNumber(po.number, 'purchase order');
  const where = `purchase order ${po.number}`;
  if (c.q('SELECT 1 FROM purchase_orders WHERE number = ?').get(po.number)) {
    throw refuse(
      'SAGE_DUPLICATE_NUMBER',
      `Purchase order ${po.number} already exists in Sage.`,
      'It was probably transferred before: check Purchase orders in Sage before sending it again.',
      { number: po.number },
    );
  }
  const supplier = requireAccount(c, 'suppliers', po.supplier, where);
  checkLength(po.reference, LIMITS.orderNumber, 'supplier reference', where);
  checkPostingDate(c.setup, po.date, where);
  const cur = resolveCurrency(c.setup, supplier.currency, po.currency, po.exchangeRate, where, supplier.ref);
  if (!Array.isArray(po.lines) || po.lines.length === 0)
    throw refuse('SAGE_ZERO_VALUE', `${capitalise(where)} has no lines.`, 'Give the order at least one line.');
  const lines = po.lines.map((l, i) =>
    checkPoLine(c.setup, l, `line ${i + 1} of ${where}`, cur.rate, (code) => findProduct(c, code)),
  );
  const { net, tax, baseNet, baseTax } = totals(lines);
  const id = c.db
    .transaction(() => {
      const info = c
        .q(`INSERT INTO purchase_orders (number, supplier, reference, date, currency, rate, net, tax, base_net, base_tax, line_count, received, user, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`)
        .run(
          po.number,
          supplier.ref,
          po.reference ?? null,
          po.date,
          cur.currency,
          cur.rate,
          net,
          tax,
          baseNet,
          baseTax,
          lines.length,
          c.user,
          c.now(),
        );
      const poId = Number(info.lastInsertRowid);
      const insertLine =
        c.q(`INSERT INTO po_lines (po_id, line_no, stock_code, description, quantity, unit_cost, net, tax, tax_code, nominal, department, project)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
      lines.forEach((l, i) => {
        insertLine.run(
          poId,
          i + 1,
          l.stockCode,
          l.description,
          l.quantity,
          l.unitPrice,
          l.net,
          l.tax,
          l.taxCode,
          l.nominal,
          l.department,
          l.project,
        );
        if (l.stocked)
          bookStock(c, {
            type: 'GI',
            stockCode: l.stockCode,
            quantity: l.quantity,
            cost: l.unitPrice,
            reference: String(po.number),
            date: po.date,
            details: `Goods in, purchase order ${po.number}`,
            poId,
          });
      });
      return poId;
    })
    .immediate();
  return {
    label: `PO ${po.number}`,
    id: `po:${id}`,
    type: 'PO',
    number: po.number,
    reference: po.reference,
    account: supplier.ref,
    net,
    tax,
  };
}

export function postStockAdjustment(c: Company, adj: StockAdjustment): PostedDocument {
  if (adj.type !== 'AI' && adj.type !== 'AO')
    throw refuse('SAGE_FAILURE', `Unknown stock adjustment type "${String(adj.type)}".`, 'Use AI (in) or AO (out).');
  const reference = (adj.reference ?? '').trim();
  const where = `stock adjustment ${adj.type} ${reference || '(no reference)'}`;
  checkLength(reference, LIMITS.stockRef, 'reference', where);
  checkLength(adj.details, LIMITS.details, 'details', where);
  const code = String(adj.stockCode ?? '').trim();
  checkLength(code, LIMITS.stockCode, 'stock code', where);
  const product = findProduct(c, code);
  if (!product) {
    throw refuse(
      'SAGE_PRODUCT_UNKNOWN',
      `Product ${code || '(blank)'} on ${where} does not exist in Sage.`,
      'Create the product first, then post the adjustment.',
      { stockCode: code },
    );
  }
  if (adj.quantity < 0)
    throw refuse(
      'SAGE_NEGATIVE_VALUE',
      `The quantity of ${where} is negative.`,
      'Post an adjustment out (AO) instead of a negative adjustment in, or the other way round.',
    );
  checkQuantity(adj.quantity, where, false);
  checkMoney(adj.cost ?? 0, 'cost price', where, 'SAGE_NEGATIVE_VALUE');
  checkPostingDate(c.setup, adj.date, where);
  const id = c.db
    .transaction(() =>
      bookStock(c, {
        type: adj.type,
        stockCode: product.code,
        quantity: adj.quantity,
        cost: adj.cost ?? 0,
        reference,
        date: adj.date,
        details: adj.details,
        moves: product.itemType === 'stock',
      }),
    )
    .immediate();
  return {
    label: `${adj.type} ${reference}`,
    id: `stock:${id}`,
    type: adj.type,
    reference,
    net: stockValue(adj.cost ?? 0, adj.quantity),
    tax: 0,
  };
}

interface StockMove {
  type: 'AI' | 'AO' | 'GI';
  stockCode: string;
  quantity: number;
  cost: number;
  reference: string;
  date: string;
  details?: string;
  poId?: number;
  /** Non-stock items take the transaction but keep no quantity (Sage: "succeeds but has no effect"). */
  moves?: boolean;
}

function bookStock(c: Company, m: StockMove): number {
  const info = c
    .q(
      'INSERT INTO stock_trans (type, stock_code, quantity, cost, reference, date, details, po_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    )
    .run(m.type, m.stockCode, m.quantity, m.cost, m.reference, m.date, m.details ?? null, m.poId ?? null, c.now());
  if (m.moves !== false) {
    c.q('UPDATE products SET qty_in_stock = qty_in_stock + ? WHERE code = ?').run(
      m.type === 'AO' ? -m.quantity : m.quantity,
      m.stockCode,
    );
  }
  return Number(info.lastInsertRowid);
}
