/**
 * The procurement half of the sandbox's GL export: item receipts (one purchase transaction per PO and
 * packing slip; detail lines are debits with positive totals, tax in purchaseDetailTax lines that carry ids
 * of their own), inventory adjustments (id "ADJ #3101", signed by direction) and warehouse transfers (id the
 * transfer number as text, with their offset).
 */
import type {
  GLExportAdjustmentTransaction,
  GLExportInventoryTransfer,
  GLExportPurchaseTransaction,
  GLExportVendor,
} from '../models.ts';
import { procurementTaxId } from './entries.ts';
import type { SbProcurement } from './scenario.ts';
import { pounds, type SandboxState } from './state.ts';
import { iso, procurementNumberOf, procurementTotals } from './views.ts';

function itemOf(st: SandboxState, p: SbProcurement) {
  const item = st.scenario.catalog.find((x) => x.id === p.catalogItemId);
  const type = st.scenario.productTypes.find((t) => t.id === item?.type?.id);
  return {
    ref: item ? { id: item.id, identifier: item.identifier, serializedFlag: false } : { id: p.catalogItemId },
    identifier: item?.identifier,
    description: item?.description ?? p.description,
    typeXref: type?.typeXref,
  };
}

const poOf = (st: SandboxState, p: SbProcurement) => st.scenario.purchaseOrders.find((x) => x.id === p.purchaseOrderId);

export function vendorOfCompany(st: SandboxState, p: SbProcurement): GLExportVendor | undefined {
  const vendorId = poOf(st, p)?.vendorCompany?.id;
  const v = st.company(vendorId);
  if (!v) return undefined;
  const ref = st.companyRef(v.id);
  return {
    vendor: ref,
    company: ref,
    vendorNumber: v.vendorIdentifier,
    accountNumber: v.vendorIdentifier,
    billingTerms: v.billingTerms,
  };
}

export function purchaseTransaction(st: SandboxState, group: SbProcurement[]): GLExportPurchaseTransaction {
  const first = group[0];
  const po = poOf(st, first);
  const vendor = st.company(po?.vendorCompany?.id);
  const currency = st.currencyRef(st.settings.baseCurrency);
  const tax = st.taxCode(first.taxCodeId);
  const taxRef = tax ? { id: tax.id, name: tax.identifier } : undefined;
  let total = 0;
  let freight = 0;
  const lines = group.map((p, i) => {
    const t = procurementTotals(st, p);
    const it = itemOf(st, p);
    total += t.net + t.tax;
    freight += t.freight;
    const stock = it.typeXref === 'InventoryPart';
    const line = {
      id: p.id,
      documentDate: iso(p.date),
      glClass: '',
      glTypeId: 'P',
      glItemId: it.identifier,
      memo: p.description,
      vendorNumber: vendor?.vendorIdentifier,
      vendorAccountNumber: vendor?.vendorIdentifier,
      accountNumber: stock ? st.settings.inventoryAccount : st.settings.cogsAccount,
      costAccountNumber: st.settings.cogsAccount,
      inventoryAccountNumber: st.settings.inventoryAccount,
      item: it.ref,
      itemDescription: it.description,
      salesDescription: it.description,
      itemCost: p.unitCost,
      unitOfMeasure: { id: 1, name: 'Each' },
      quantity: p.quantity,
      currency,
      lineNumber: i + 1,
      itemTypeXref: it.typeXref,
      taxCode: taxRef,
      taxAgencyXref: 'HMRC',
    };
    return { p, t, line };
  });
  return {
    id: `PO #${po?.poNumber ?? first.purchaseOrderId}, Packing Slip: ${first.packingSlip ?? ''}`,
    documentDate: iso(first.date),
    documentNumber: po?.poNumber,
    description: `Item receipt ${first.packingSlip ?? ''}`.trim(),
    memo: first.packingSlip,
    apAccountNumber: st.settings.apAccount,
    purchaseDate: po?.poDate,
    company: st.companyRef(vendor?.id),
    companyType: { id: 3, name: 'Vendor' },
    freightAmount: pounds(freight),
    packingSlip: first.packingSlip,
    dropshipFlag: false,
    currency,
    total: pounds(total + freight),
    billingTerms: po?.terms,
    vendorNumber: vendor?.vendorIdentifier,
    vendorAccountNumber: vendor?.vendorIdentifier,
    vendorInvoiceNumber: po?.vendorInvoiceNumber,
    vendorInvoiceDate: po?.vendorInvoiceDate,
    taxCode: taxRef,
    taxGroupRate: lines[0]?.t.rate,
    purchaseHeaderTaxableFlag: lines.some((l) => l.t.tax > 0),
    purchaseHeaderFreightTaxableFlag: false,
    taxLevels: [{ taxLevel: 1, taxCodeXref: lines[0]?.t.xref }],
    purchaseDetail: lines.map(({ line, t, p }) => ({
      ...line,
      description: p.description,
      total: pounds(t.net),
      taxable: t.tax > 0,
      taxCodeXref: t.xref,
      taxRate: t.rate,
    })),
    purchaseDetailTax: lines
      .filter(({ t }) => t.tax > 0)
      .map(({ line, t, p }) => ({
        ...line,
        // A GL entry of its own: tied to its receipt line by lineNumber only.
        id: procurementTaxId(st, p) ?? p.id,
        accountNumber: st.settings.purchaseTaxAccount,
        total: pounds(t.tax),
        taxableFlag: true,
        taxRatePercent: t.rate,
        taxRate: t.rate,
      })),
  };
}

export function adjustmentTransaction(st: SandboxState, p: SbProcurement): GLExportAdjustmentTransaction {
  const it = itemOf(st, p);
  const t = procurementTotals(st, p);
  return {
    id: `ADJ #${procurementNumberOf(p)}`,
    documentType: 'INVENTORY ADJUSTMENT',
    documentDate: iso(p.date),
    glTypeID: 'IA',
    accountNumber: st.settings.cogsAccount,
    memo: p.description,
    glClass: '',
    adjustmentDescription: p.description,
    adjustmentDetail: [
      {
        glClass: '',
        description: it.description,
        memo: p.description,
        item: it.ref,
        quantity: Math.trunc(p.quantity),
        cost: p.unitCost,
        total: pounds(t.net),
        costAccountNumber: st.settings.cogsAccount,
        inventoryAccountNumber: st.settings.inventoryAccount,
        accountNumber: st.settings.cogsAccount,
        productAccountNumber: st.settings.inventoryAccount,
      },
    ],
  };
}

export function inventoryTransfer(st: SandboxState, p: SbProcurement): GLExportInventoryTransfer {
  const it = itemOf(st, p);
  const t = procurementTotals(st, p);
  const documentDate = iso(p.date);
  return {
    id: String(procurementNumberOf(p)),
    documentType: 'INVENTORY TRANSFER',
    documentDate,
    accountNumber: st.settings.inventoryAccount,
    glClass: '',
    glTypeId: 'IT',
    description: p.description,
    memo: p.description,
    costAccountNumber: st.settings.cogsAccount,
    inventoryAccountNumber: st.settings.inventoryAccount,
    transferId: procurementNumberOf(p),
    item: it.ref,
    glItemId: it.identifier,
    itemDescription: it.description,
    salesDescription: it.description,
    currency: st.currencyRef(st.settings.baseCurrency),
    itemPrice: p.unitCost,
    taxable: false,
    unitOfMeasure: { id: 1, name: 'Each' },
    quantity: p.quantity,
    cost: p.unitCost,
    total: pounds(t.net),
    warehouse: { id: 2, name: p.toWarehouse },
    transferFromLocationXref: p.fromWarehouse,
    transferToLocationXref: p.toWarehouse,
    itemTypeXref: it.typeXref,
    offset: {
      id: procurementNumberOf(p),
      documentType: 'INVENTORY TRANSFER',
      documentDate,
      accountNumber: st.settings.inventoryAccount,
      glClass: '',
      total: pounds(-t.net),
      memo: `From ${p.fromWarehouse ?? ''}`,
      description: p.description,
      glTypeId: 'IT',
    },
  };
}
