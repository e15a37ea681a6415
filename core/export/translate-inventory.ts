/**
 * Inventory (Manage's procurement records) → Sage, pure.
 * - Item receipts → purchase orders received in full: order number = the Manage PO number, supplier
 *   reference = the vendor invoice number when there is one; lines to their inventory / cost nominal with the
 *   tax Manage charged (purchaseDetailTax, linked as tax-links.ts says), freight as a non-stock line,
 *   supplier = the vendor's Vendor XRef; the order must come to Manage's total to the penny.
 * Adjustments and transfers: translate-stock.ts.
 * Products missing in Sage are created with the item type of their product type's Type Xref.
 */

import type { GLExportPurchaseTransaction, IvItemRef, UnpostedProcurement } from '../manage/models.ts';
import { recordIdsOf } from '../manage/record-ids.ts';
import type { Minor } from '../money.ts';
import type { PurchaseOrderDocument, PurchaseOrderLine } from '../sage/ledger.ts';
import { LIMITS } from '../sage/rules.ts';
import { dayOf, fit, minorOf, plannedDocument, quantityAndPrice, sum } from './lines.ts';
import type { Creation, PlannedRecord } from './plan-types.ts';
import { linkPurchaseTaxLines } from './tax-links.ts';
import { checkManageTotal } from './total-check.ts';
import type { Mapper, Subject } from './validate-mappings.ts';

interface ProductNeed {
  item?: IvItemRef;
  description?: string;
  typeXref?: string;
  inventory?: string;
  cogs?: string;
}

/** The Sage stock code of a Manage item, with the creation that makes sure it exists. */
export function product(s: Subject, need: ProductNeed, m: Mapper, creations: Creation[]): string {
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
  /** The unposted records it resolves to (translate.ts); problems are reported on the first of them. */
  resolvedIds?: number[],
): PlannedRecord {
  const ids = resolvedIds?.length ? resolvedIds : recordIdsOf('inventory', p);
  const poNumber = poNumberOf(p, unposted.get(ids[0]));
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
  const taxOf = lineTaxes(p, unposted, s, m);
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
      tax: taxOf(i),
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
  checkManageTotal(m, s, {
    what: `Purchase order ${poNumber}`,
    net,
    tax,
    manageTotal: p.total,
    currency,
    fix: `Check the item receipt of PO ${poNumber} in Manage (Procurement > Purchase Orders: lines, tax and freight), then export it again.`,
  });
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

/** The Manage PO number: the export's document number, else the unposted record's PO, else "PO #102, ..." in the id. */
function poNumberOf(p: GLExportPurchaseTransaction, u: UnpostedProcurement | undefined): string {
  const fromId = /PO\s*#\s*([^,]+)/i.exec(p.id ?? '')?.[1];
  return (p.documentNumber ?? u?.purchaseOrder?.name ?? u?.purchaseOrder?.identifier ?? fromId ?? '').trim();
}

/**
 * The tax of each receipt line (by index): its purchaseDetailTax lines, linked as tax-links.ts says; with no
 * tax lines at all, the unposted record's own tax total (one unposted procurement record per line). A tax line
 * that links to no receipt line holds the record back: its VAT would otherwise be lost.
 */
function lineTaxes(
  p: GLExportPurchaseTransaction,
  unposted: Map<number, UnpostedProcurement>,
  s: Subject,
  m: Mapper,
): (index: number) => Minor {
  const details = p.purchaseDetail ?? [];
  const taxLines = p.purchaseDetailTax ?? [];
  const byIndex = new Map<number, Minor>();
  const unmatched: string[] = [];
  linkPurchaseTaxLines(details, taxLines).forEach((i, k) => {
    const t = taxLines[k];
    const amount = minorOf(t.total ?? 0);
    if (i !== undefined) byIndex.set(i, (byIndex.get(i) ?? 0) + amount);
    else unmatched.push(`${(amount / 100).toFixed(2)} (id ${t.id ?? 'none'}, line ${t.lineNumber ?? 'none'})`);
  });
  if (unmatched.length)
    m.recordProblem(
      s,
      `Purchase order ${p.documentNumber ?? s.name}`,
      'EXPORT_TAX_UNMATCHED',
      `${capitalised(s.name)} has tax lines that match none of its receipt lines: ${unmatched.join(', ')}. Its VAT cannot be put on the right lines.`,
      'Check the tax on the purchase order lines in Manage (Procurement > Purchase Orders), then export it again.',
    );
  return (i) => {
    if (taxLines.length) return byIndex.get(i) ?? 0;
    const id = details[i]?.id;
    const u = id !== undefined ? unposted.get(id) : undefined;
    return u ? minorOf(u.taxTotal ?? u.stateTaxAmount) : 0;
  };
}

const capitalised = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

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
