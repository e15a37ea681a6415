/**
 * Procurement → Sage, pure.
 * - Item receipts → purchase orders received in full: order number = the Manage PO number, supplier
 *   reference = the vendor invoice number when there is one; lines to their inventory / cost nominal with the
 *   tax Manage charged (purchaseDetailTax), freight as a non-stock line, supplier = the vendor's Vendor XRef.
 * - Inventory adjustments → stock adjustment in (AI) or out (AO) by the sign of the quantity.
 * - Inventory transfers (the desktop tool cannot) → a paired AO / AI sharing one reference.
 * Products missing in Sage are created with the item type of their product type's Type Xref.
 */

import type {
  GLExportAdjustmentTransaction,
  GLExportInventoryTransfer,
  GLExportPurchaseTransaction,
  GLExportPurchaseTransactionDetail,
  IvItemRef,
  UnpostedProcurement,
} from '../manage/models.ts';
import { recordIdsOf } from '../manage/record-ids.ts';
import type { Minor } from '../money.ts';
import type { PurchaseOrderDocument, PurchaseOrderLine, StockAdjustment } from '../sage/ledger.ts';
import { LIMITS } from '../sage/rules.ts';
import { dayOf, fit, minorOf, plannedDocument, quantityAndPrice, sum } from './lines.ts';
import type { Creation, PlannedRecord, PlannedSageDocument } from './plan-types.ts';
import type { Mapper, Subject } from './validate-mappings.ts';

interface ProductNeed {
  item?: IvItemRef;
  description?: string;
  typeXref?: string;
  inventory?: string;
  cogs?: string;
}

/** The Sage stock code of a Manage item, with the creation that makes sure it exists. */
function product(s: Subject, need: ProductNeed, m: Mapper, creations: Creation[]): string {
  const code = need.item?.identifier?.trim() ?? '';
  if (!code || code.length > LIMITS.stockCode) {
    m.problem(
      s,
      `Product ${code || need.item?.id || '(none)'}`,
      'EXPORT_BAD_PRODUCT_CODE',
      code
        ? `Product "${code}" is ${code.length} characters long; a Sage product code holds at most ${LIMITS.stockCode}.`
        : `${s.name} has no product.`,
      'Give the product a Product ID of at most 30 characters in Manage (Procurement > Product Catalog).',
    );
    return '';
  }
  creations.push({
    kind: 'product',
    product: { code, description: fit(need.description || code, LIMITS.description), itemType: 'non-stock' },
    spec: { typeXref: need.typeXref, inventory: need.inventory, cogs: need.cogs, usedBy: s.name },
  });
  return code;
}

export function translatePurchase(
  p: GLExportPurchaseTransaction,
  unposted: Map<number, UnpostedProcurement>,
  m: Mapper,
  today: string,
  vendorXref?: string,
): PlannedRecord {
  const ids = recordIdsOf('products', p);
  const poNumber = (p.documentNumber ?? unposted.get(ids[0])?.purchaseOrder?.name ?? '').trim();
  const s: Subject = { manageId: ids[0] ?? 0, name: `item receipt PO ${poNumber}` };
  const vendorName = p.company?.name ?? p.company?.identifier ?? 'unknown vendor';
  const supplier =
    m.vendorRef(
      s,
      p.vendorAccountNumber || p.vendorNumber || vendorXref || unposted.get(ids[0])?.vendorAccountNumber,
      vendorName,
    ) ?? '';
  const cur = m.currency(s, p.currency?.currencyCode);
  const currency = cur?.currency ?? m.inputs.setup.baseCurrency;
  const headerTax = m.taxCode(s, p.taxCode, p.taxLevels?.find((l) => l.taxLevel === 1)?.taxCodeXref);
  const creations: Creation[] = [];
  const taxOf = lineTaxes(p, unposted);
  const lines: PurchaseOrderLine[] = (p.purchaseDetail ?? []).map((d, i) => {
    const net = minorOf(d.total ?? 0);
    const code = product(
      s,
      {
        item: d.item,
        description: d.itemDescription ?? d.description,
        typeXref: d.itemTypeXref,
        inventory: d.inventoryAccountNumber,
        cogs: d.costAccountNumber,
      },
      m,
      creations,
    );
    const taxCode = d.taxCodeXref?.trim() ? m.taxCode(s, d.taxCode, d.taxCodeXref)?.code : headerTax?.code;
    const qp = quantityAndPrice(net, d.quantity, d.itemCost);
    return {
      stockCode: code,
      description: fit(d.description ?? d.itemDescription ?? code, LIMITS.description),
      quantity: qp.quantity,
      unitCost: qp.unitPrice,
      net,
      tax: taxOf(d),
      taxCode: taxCode ?? '',
      nominal: m.nominal(s, d.accountNumber, `line ${i + 1} of ${s.name}`) ?? '',
    };
  });
  const freight = minorOf(p.freightAmount ?? 0);
  if (freight > 0) lines.push(freightLine(p, freight, headerTax?.code, s, m));
  const number = m.documentNumber(s, poNumber, '', 'Purchase order') ?? 0;
  const reference = p.vendorInvoiceNumber?.trim() ? fit(p.vendorInvoiceNumber, LIMITS.orderNumber) : undefined;
  const po: PurchaseOrderDocument = {
    number,
    supplier,
    date: dayOf(p.documentDate ?? p.purchaseDate, today),
    ...(reference ? { reference } : {}),
    ...(cur?.exchangeRate ? { currency, exchangeRate: cur.exchangeRate } : {}),
    lines,
  };
  const net = sum(lines.map((l) => l.net));
  const tax = sum(lines.map((l) => l.tax));
  if (supplier)
    creations.unshift({
      kind: 'supplier',
      account: { ref: supplier, name: fit(vendorName, LIMITS.accountName), currency },
    });
  const doc = plannedDocument(
    { op: 'purchaseOrder', po },
    `PO ${number}`,
    'PO',
    supplier,
    currency,
    { doc: 'purchaseOrder', number },
    net,
    tax,
  );
  return {
    manageId: s.manageId,
    recordIds: ids,
    processedRecordIds: ids,
    type: 'Purchase',
    number: poNumber,
    date: po.date,
    party: vendorName,
    currency,
    net,
    tax,
    total: net + tax,
    creations,
    documents: [doc],
    status: 'transfer',
    ...(reference ? { note: `Supplier reference ${reference}` } : {}),
  };
}

/**
 * The tax of each receipt line: its purchaseDetailTax line (matched by id, else line number), else the
 * unposted record's own tax total (one unposted procurement record per line).
 */
function lineTaxes(
  p: GLExportPurchaseTransaction,
  unposted: Map<number, UnpostedProcurement>,
): (d: GLExportPurchaseTransactionDetail) => Minor {
  const byId = new Map<number, Minor>();
  const byLine = new Map<number, Minor>();
  for (const t of p.purchaseDetailTax ?? []) {
    if (t.id !== undefined) byId.set(t.id, (byId.get(t.id) ?? 0) + minorOf(t.total ?? 0));
    else if (t.lineNumber !== undefined)
      byLine.set(t.lineNumber, (byLine.get(t.lineNumber) ?? 0) + minorOf(t.total ?? 0));
  }
  const anyTaxLines = (p.purchaseDetailTax ?? []).length > 0;
  return (d) => {
    if (d.id !== undefined && byId.has(d.id)) return byId.get(d.id)!;
    if (d.lineNumber !== undefined && byLine.has(d.lineNumber)) return byLine.get(d.lineNumber)!;
    const u = d.id !== undefined ? unposted.get(d.id) : undefined;
    return anyTaxLines || !u ? 0 : minorOf(u.taxTotal ?? u.stateTaxAmount);
  };
}

/** Freight has no product: a non-stock line to the receipt's cost account, untaxed unless Manage taxed it. */
function freightLine(
  p: GLExportPurchaseTransaction,
  freight: Minor,
  headerCode: string | undefined,
  s: Subject,
  m: Mapper,
): PurchaseOrderLine {
  const cost = p.purchaseDetail?.[0]?.costAccountNumber;
  const zero = m.inputs.setup.taxCodes.find((t) => t.code.toUpperCase() === 'T0')?.code.toUpperCase();
  return {
    stockCode: 'S1',
    description: fit(`Freight ${p.packingSlip ?? ''}`, LIMITS.description),
    quantity: 1,
    unitCost: freight,
    net: freight,
    tax: 0,
    taxCode: (p.purchaseHeaderFreightTaxableFlag ? headerCode : (zero ?? headerCode)) ?? '',
    nominal: m.nominal(s, cost, `the freight of ${s.name}`) ?? '',
  };
}

function stockDocument(adj: StockAdjustment, key: { type: 'AI' | 'AO'; reference: string }): PlannedSageDocument {
  const value = Math.round(adj.cost * adj.quantity);
  return plannedDocument(
    { op: 'stock', adj },
    `${adj.type} ${adj.reference}`,
    adj.type,
    adj.stockCode,
    '',
    { doc: 'stock', ...key, stockCode: adj.stockCode },
    value,
    0,
  );
}

export function translateAdjustment(a: GLExportAdjustmentTransaction, m: Mapper, today: string): PlannedRecord {
  const id = Number(a.id);
  const s: Subject = { manageId: id, name: `inventory adjustment ${a.id}` };
  const reference = `ADJ-${a.id}`;
  const date = dayOf(a.documentDate, today);
  const creations: Creation[] = [];
  const documents = (a.adjustmentDetail ?? [])
    .filter((d) => (d.quantity ?? 0) !== 0)
    .map((d) => {
      const stockCode = product(
        s,
        { item: d.item, description: d.description, inventory: d.inventoryAccountNumber, cogs: d.costAccountNumber },
        m,
        creations,
      );
      const type = (d.quantity ?? 0) > 0 ? ('AI' as const) : ('AO' as const);
      return stockDocument(
        {
          type,
          stockCode,
          quantity: Math.abs(d.quantity ?? 0),
          cost: Math.abs(minorOf(d.cost ?? 0)),
          reference,
          date,
          details: fit(d.memo ?? a.adjustmentDescription, LIMITS.details),
        },
        { type, reference },
      );
    });
  const value = sum(documents.map((d) => (d.type === 'AI' ? d.net : -d.net)));
  return {
    manageId: id,
    recordIds: [id],
    processedRecordIds: [id],
    type: 'Adjustment',
    number: reference,
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

export function translateTransfer(t: GLExportInventoryTransfer, m: Mapper, today: string): PlannedRecord {
  const id = Number(t.id);
  const s: Subject = { manageId: id, name: `inventory transfer ${t.id}` };
  const reference = `TRF-${t.id}`;
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
    stockDocument(
      { type: 'AO', stockCode, quantity, cost, reference, date, details: fit(`Transfer to ${to}`, LIMITS.details) },
      { type: 'AO', reference },
    ),
    stockDocument(
      { type: 'AI', stockCode, quantity, cost, reference, date, details: fit(`Transfer from ${from}`, LIMITS.details) },
      { type: 'AI', reference },
    ),
  ];
  return {
    manageId: id,
    recordIds: [id],
    processedRecordIds: [id],
    type: 'Transfer',
    number: reference,
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
