/**
 * The API shapes the sandbox answers with, computed from its records: unposted invoices / expenses /
 * procurement, finance invoices (with payments and balance), payments, batches and batch entries.
 * Like live Manage, keys whose value would be null are left out.
 */
import { taxAt } from '../../money.ts';
import type {
  AccountingBatch,
  Invoice,
  InvoicePayment,
  UnpostedExpense,
  UnpostedInvoice,
  UnpostedProcurement,
} from '../models.ts';
import type { SbBatch, SbExpense, SbInvoice, SbPayment, SbProcurement } from './scenario.ts';
import { pence, pounds, type SandboxState } from './state.ts';

export const iso = (day: string) => (day.length === 10 ? `${day}T00:00:00Z` : day);
const addDays = (day: string, n: number) =>
  new Date(Date.parse(iso(day)) + n * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
const info = (day: string) => ({ lastUpdated: addDays(day, 1), updatedBy: 'jdoe' });
const locationRef = (st: SandboxState, id: number) => ({
  id,
  name: st.scenario.locations.find((l) => l.id === id)?.name,
  _info: st.href('system/locations', id),
});

export function unpostedInvoiceView(st: SandboxState, inv: SbInvoice): UnpostedInvoice {
  const company = st.company(inv.companyId);
  const t = st.totals(inv);
  const tax = st.taxCode(inv.taxCodeId);
  const kinds = new Set(inv.lines.map((l) => l.kind));
  return {
    id: inv.id,
    billingLogId: inv.billingLogId,
    locationId: inv.locationId,
    location: locationRef(st, inv.locationId),
    departmentId: inv.departmentId,
    company: st.companyRef(inv.companyId),
    accountNumber: company?.accountNumber,
    billToCompany: st.companyRef(inv.companyId),
    shipToCompany: st.companyRef(inv.companyId),
    invoiceNumber: inv.invoiceNumber,
    invoiceDate: iso(inv.date),
    invoiceType: inv.type,
    description: inv.description,
    billingTerms: company?.billingTerms,
    dueDays: String(inv.dueDays),
    dueDate: addDays(inv.date, inv.dueDays),
    currency: st.currencyRef(st.currencyCodeOf(inv)),
    subTotal: pounds(t.net),
    total: pounds(t.gross),
    hasTime: kinds.has('Service'),
    hasExpenses: kinds.has('Expense'),
    hasProducts: kinds.has('Product'),
    invoiceTaxableFlag: t.rate > 0,
    taxCode: tax ? { id: tax.id, name: tax.identifier } : undefined,
    avalaraTaxFlag: false,
    itemTaxableFlag: true,
    salesTaxAmount: pounds(t.tax),
    stateTaxFlag: t.rate > 0,
    stateTaxXref: t.xref,
    stateTaxAmount: pounds(t.tax),
    createdBy: inv.closedBy,
    dateClosed: addDays(inv.date, 1),
    _info: info(inv.date),
  };
}

export function financeInvoiceView(st: SandboxState, inv: SbInvoice): Invoice {
  const t = st.totals(inv);
  const paid = st.paidMinor(inv);
  const tax = st.taxCode(inv.taxCodeId);
  const batch = inv.batchId !== undefined ? st.batches.get(inv.batchId) : undefined;
  const sum = (kind: string) =>
    pounds(inv.lines.filter((l) => l.kind === kind).reduce((s, l) => s + pence(l.amount), 0));
  return {
    id: inv.invoiceId,
    invoiceNumber: inv.invoiceNumber,
    type: inv.type,
    status: { id: 6, name: 'Closed', isClosed: true },
    company: st.companyRef(inv.companyId),
    billToCompany: st.companyRef(inv.companyId),
    shipToCompany: st.companyRef(inv.companyId),
    accountNumber: st.company(inv.companyId)?.accountNumber,
    applyToType: inv.project ? 'Project' : 'All',
    billingTerms: st.company(inv.companyId)?.billingTerms,
    date: iso(inv.date),
    dueDate: addDays(inv.date, inv.dueDays),
    locationId: inv.locationId,
    location: locationRef(st, inv.locationId),
    departmentId: inv.departmentId,
    taxableFlag: t.rate > 0,
    taxCode: tax ? { id: tax.id, name: tax.identifier } : undefined,
    currency: st.currencyRef(st.currencyCodeOf(inv)),
    serviceTotal: sum('Service'),
    expenseTotal: sum('Expense'),
    productTotal: sum('Product'),
    agreementAmount: sum('Agreement'),
    subtotal: pounds(t.net),
    salesTax: pounds(t.tax),
    total: pounds(t.gross),
    payments: pounds(paid),
    credits: 0,
    balance: pounds(st.balanceMinor(inv)),
    closedBy: inv.closedBy,
    project: inv.project,
    glBatch: batch ? { id: batch.id, name: batch.batchIdentifier } : undefined,
    _info: info(inv.date),
  };
}

export function paymentView(st: SandboxState, p: SbPayment): InvoicePayment {
  const inv = st.invoicesByFinanceId.get(p.invoiceId);
  const total = inv ? st.totals(inv).gross : 0;
  const balance = inv ? st.balanceMinor(inv) : 0;
  const batch = inv?.batchId !== undefined ? st.batches.get(inv.batchId) : undefined;
  return {
    id: p.id,
    type: p.type,
    source: 'Default',
    invoice: { id: p.invoiceId, name: inv?.invoiceNumber },
    amount: p.amount,
    invoiceTotal: pounds(total),
    invoiceBalance: pounds(balance),
    balance: pounds(balance),
    paymentDate: iso(p.paymentDate),
    appliedBy: p.appliedBy,
    paymentSyncStatus: 'Applied',
    glBatchID: batch?.batchIdentifier,
  };
}

export function unpostedExpenseView(st: SandboxState, e: SbExpense): UnpostedExpense {
  const g = st.gl(e.glAccountId);
  const tax = st.taxCode(e.taxCodeId);
  const gross = pence(e.amount) + pence(e.taxAmount);
  return {
    id: e.id,
    locationId: e.locationId,
    departmentId: e.departmentId,
    company: st.companyRef(e.companyId),
    accountNumber: g.segment1,
    creditAccount: st.settings.apAccount,
    expenseDetailId: e.id + 100_000,
    expenseType: { id: e.glAccountId, name: e.expenseType },
    classification: e.classification,
    glType: 'EE',
    member: st.memberRef(e.memberId),
    dateExpense: iso(e.date),
    chargeDescription: e.description,
    inPolicy: true,
    currency: st.currencyRef(e.currencyCode ?? st.settings.baseCurrency),
    total: pounds(gross),
    billableAmount: e.billable ? pounds(gross) : 0,
    nonBillableAmount: e.billable ? 0 : pounds(gross),
    project: e.project,
    taxCode: tax ? { id: tax.id, name: tax.identifier } : undefined,
    avalaraTaxFlag: false,
    itemTaxableFlag: e.taxAmount > 0,
    salesTaxAmount: e.taxAmount,
    stateTaxFlag: e.taxAmount > 0,
    stateTaxXref: st.taxRate(e.taxCodeId).xref,
    stateTaxAmount: e.taxAmount,
    _info: info(e.date),
  };
}

export function procurementTotals(st: SandboxState, p: SbProcurement) {
  const net = pence(p.quantity * p.unitCost);
  const { rate, xref } = st.taxRate(p.taxCodeId);
  const tax = p.type === 'Purchase' ? taxAt(net, rate) : 0;
  return { net, tax, rate, xref, freight: pence(p.freightCost) };
}

/** An adjustment's or transfer's number as Manage shows it: never the unposted record's own id. */
export const procurementNumberOf = (p: SbProcurement) => p.number ?? p.id + 100;

/** The composite id Manage names a procurement record by: "3101-adjustment", "3001-102-purchase". */
export function unpostedProductIdOf(st: SandboxState, p: SbProcurement): string {
  if (p.type === 'Purchase') {
    const po = st.scenario.purchaseOrders.find((x) => x.id === p.purchaseOrderId);
    return `${p.id}-${po?.poNumber ?? p.purchaseOrderId ?? ''}-purchase`;
  }
  return `${procurementNumberOf(p)}-${p.type.toLowerCase()}`;
}

export function unpostedProcurementView(st: SandboxState, p: SbProcurement): UnpostedProcurement {
  const po =
    p.purchaseOrderId !== undefined ? st.scenario.purchaseOrders.find((x) => x.id === p.purchaseOrderId) : undefined;
  const vendorId = po?.vendorCompany?.id;
  const t = procurementTotals(st, p);
  const tax = st.taxCode(p.taxCodeId);
  return {
    id: p.id,
    description: p.description,
    unpostedProductId: unpostedProductIdOf(st, p),
    locationId: p.locationId,
    procurementType: p.type,
    purchaseOrder: po ? { id: po.id, name: po.poNumber } : undefined,
    purchaseDate: iso(p.date),
    trackingNumber: p.packingSlip,
    billingTerms: po?.terms,
    currency: st.currencyRef(st.settings.baseCurrency),
    total: pounds(t.net + t.tax + t.freight),
    taxCode: tax ? { id: tax.id, name: tax.identifier } : undefined,
    avalaraTaxFlag: false,
    itemTaxableFlag: t.tax > 0,
    purchaseOrderTaxableFlag: po?.taxPoFlag,
    stateTaxXref: t.xref,
    stateTaxAmount: pounds(t.tax),
    taxTotal: pounds(t.tax),
    vendor: st.companyRef(vendorId),
    vendorAccountNumber: st.company(vendorId)?.vendorIdentifier,
    vendorInvoiceNumber: po?.vendorInvoiceNumber,
    vendorInvoiceDate: po?.vendorInvoiceDate,
    taxFreightFlag: po?.taxFreightFlag,
    freightTaxTotal: 0,
    freightCost: p.freightCost,
    _info: info(p.date),
  };
}

export function batchView(b: SbBatch): AccountingBatch {
  return {
    id: b.id,
    batchIdentifier: b.batchIdentifier,
    exportInvoicesFlag: b.exportInvoicesFlag,
    exportExpensesFlag: b.exportExpensesFlag,
    exportProductsFlag: b.exportProductsFlag,
    closedFlag: b.closedFlag,
  };
}
