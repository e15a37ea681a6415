/**
 * Inventory adjustments and transfers → Sage stock adjustments, pure.
 * - An adjustment → one AI (quantity in) or AO (quantity out) per line; every line is a Sage document of its
 *   own, with its own reference when the adjustment has several lines ("ADJ-3101/1", "ADJ-3101/2"), so the
 *   exactly-once look-up and resume work line by line.
 * - A transfer (the desktop tool cannot) → a paired AO / AI sharing one reference.
 * Each line's value (cost × quantity) must equal Manage's line total to the penny.
 */
import type { GLExportAdjustmentTransaction, GLExportInventoryTransfer } from '../manage/models.ts';
import type { StockAdjustment } from '../sage/ledger.ts';
import { LIMITS } from '../sage/rules.ts';
import { dayOf, fit, minorOf, plannedDocument, sum } from './lines.ts';
import type { Creation, PlannedRecord, PlannedSageDocument } from './plan-types.ts';
import { checkManageTotal } from './total-check.ts';
import { product } from './translate-inventory.ts';
import type { Mapper, Subject } from './validate-mappings.ts';

/** Who an adjustment or transfer is, resolved by translate.ts from the export's (string) id. */
export interface StockIdentity {
  /** The unposted procurement record id. */
  manageId: number;
  /** How users know it, unique in the selection: "ADJ-3005", "ADJ #3101", "TRF-3007". */
  number: string;
}

/** An export id as users know it: a bare number or "3-adjustment" gets the prefix ("ADJ-3"); text is kept. */
export function stockNumber(id: string | undefined, prefix: 'ADJ' | 'TRF'): string {
  const text = (id ?? '').trim();
  const n = /^(\d+)(?:-[a-z]+)?$/i.exec(text)?.[1];
  return n ? `${prefix}-${n}` : text || prefix;
}

/** The Sage reference of line `index` of `count`: the number, with "/n" when there are several lines. */
function lineReference(number: string, index: number, count: number): string {
  if (count < 2) return number.slice(0, LIMITS.stockRef);
  const suffix = `/${index + 1}`;
  return `${number.slice(0, LIMITS.stockRef - suffix.length)}${suffix}`;
}

function stockDocument(adj: StockAdjustment): PlannedSageDocument {
  const value = Math.round(adj.cost * adj.quantity);
  return plannedDocument(
    { op: 'stock', adj },
    `${adj.type} ${adj.reference}`,
    adj.type,
    adj.stockCode,
    '',
    { doc: 'stock', type: adj.type, reference: adj.reference, stockCode: adj.stockCode },
    value,
    0,
  );
}

export function translateAdjustment(
  a: GLExportAdjustmentTransaction,
  who: StockIdentity,
  m: Mapper,
  today: string,
): PlannedRecord {
  const s: Subject = { manageId: who.manageId, name: `inventory adjustment ${who.number}` };
  const date = dayOf(a.documentDate, today);
  const creations: Creation[] = [];
  const details = (a.adjustmentDetail ?? []).filter((d) => (d.quantity ?? 0) !== 0);
  const documents = details.map((d, i) => {
    const stockCode = product(
      s,
      { item: d.item, description: d.description, inventory: d.inventoryAccountNumber, cogs: d.costAccountNumber },
      m,
      creations,
    );
    const type = (d.quantity ?? 0) > 0 ? ('AI' as const) : ('AO' as const);
    const reference = lineReference(who.number, i, details.length);
    const doc = stockDocument({
      type,
      stockCode,
      quantity: Math.abs(d.quantity ?? 0),
      cost: Math.abs(minorOf(d.cost ?? 0)),
      reference,
      date,
      details: fit(d.memo ?? a.adjustmentDescription, LIMITS.details),
    });
    checkManageTotal(m, s, {
      what: `Adjustment ${who.number}${details.length > 1 ? ` line ${i + 1}` : ''}`,
      net: doc.net,
      tax: 0,
      manageTotal: d.total,
      currency: m.inputs.setup.baseCurrency,
      unsigned: true,
      fix: `Check the cost and quantity of ${stockCode || 'the product'} on adjustment ${who.number} in Manage (Procurement > Inventory Adjustments).`,
    });
    return doc;
  });
  const value = sum(documents.map((d) => (d.type === 'AI' ? d.net : -d.net)));
  return {
    manageId: who.manageId,
    recordIds: [who.manageId],
    processedRecordIds: [],
    type: 'Adjustment',
    number: who.number,
    date,
    party: a.adjustmentDescription ?? '',
    currency: m.inputs.setup.baseCurrency,
    net: value,
    tax: 0,
    total: value,
    creations,
    documents,
    status: 'transfer',
  };
}

export function translateTransfer(
  t: GLExportInventoryTransfer,
  who: StockIdentity,
  m: Mapper,
  today: string,
): PlannedRecord {
  const s: Subject = { manageId: who.manageId, name: `inventory transfer ${who.number}` };
  const reference = who.number.slice(0, LIMITS.stockRef);
  const date = dayOf(t.documentDate, today);
  const creations: Creation[] = [];
  const stockCode = product(
    s,
    {
      item: t.item,
      description: t.itemDescription,
      typeXref: t.itemTypeXref,
      inventory: t.inventoryAccountNumber,
      cogs: t.costAccountNumber,
    },
    m,
    creations,
  );
  const quantity = Math.abs(t.quantity ?? 0);
  const cost = Math.abs(minorOf(t.cost ?? t.itemPrice ?? 0));
  const from = t.transferFromLocationXref ?? 'the source warehouse';
  const to = t.transferToLocationXref ?? t.warehouse?.name ?? 'the destination warehouse';
  const documents = [
    stockDocument({ type: 'AO', stockCode, quantity, cost, reference, date, details: fit(`Transfer to ${to}`, 60) }),
    stockDocument({
      type: 'AI',
      stockCode,
      quantity,
      cost,
      reference,
      date,
      details: fit(`Transfer from ${from}`, 60),
    }),
  ];
  checkManageTotal(m, s, {
    what: `Transfer ${who.number}`,
    net: documents[0].net,
    tax: 0,
    manageTotal: t.total,
    currency: m.inputs.setup.baseCurrency,
    unsigned: true,
    fix: `Check the cost and quantity of ${stockCode || 'the product'} on transfer ${who.number} in Manage (Procurement > Inventory Transfers).`,
  });
  return {
    manageId: who.manageId,
    recordIds: [who.manageId],
    processedRecordIds: [],
    type: 'Transfer',
    number: who.number,
    date,
    party: `${from} → ${to}`,
    currency: m.inputs.setup.baseCurrency,
    net: documents[0].net,
    tax: 0,
    total: documents[0].net,
    creations,
    documents,
    status: 'transfer',
  };
}
