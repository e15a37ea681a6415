/**
 * The sandbox's GL export of a selection of records, following the id shapes of core/manage/record-ids.ts
 * and entries.ts (glEntryIds apart from detail ids, tax lines with ids of their own) and these signs: invoice header total = gross receivable (negative for a
 * credit memo), detail lines carry ledger signs (revenue negative), so total == -sum(detail.total) + salesTax;
 * purchases mirror it (header payable, detail debits positive). Amounts stay in the document's currency.
 */
import type {
  GLExport,
  GLExportAdjustmentTransaction,
  GLExportCustomer,
  GLExportExpenseBill,
  GLExportInventoryTransfer,
  GLExportTransaction,
  GLExportVendor,
} from '../models.ts';
import { formatGlEntryIds } from '../record-ids.ts';
import { detailIdOf, expenseTaxEntryId } from './entries.ts';
import {
  adjustmentTransaction,
  inventoryTransfer,
  purchaseTransaction,
  vendorOfCompany,
} from './gl-export-products.ts';
import type { SbExpense, SbInvoice, SbProcurement } from './scenario.ts';
import { pence, pounds, type SandboxState } from './state.ts';
import { iso } from './views.ts';

export interface Selection {
  invoices: SbInvoice[];
  expenses: SbExpense[];
  inventory: SbProcurement[];
}

export function buildGlExport(st: SandboxState, sel: Selection, settings: Record<string, unknown> = {}): GLExport {
  const purchases = groupBy(
    sel.inventory.filter((p) => p.type === 'Purchase'),
    (p) => `${p.purchaseOrderId}|${p.packingSlip ?? ''}`,
  );
  const bills = groupBy(
    sel.expenses.filter((e) => e.classification === 'Reimbursable'),
    (e) => String(e.memberId),
  );
  const purchaseTransactions = [...purchases.values()].map((g) => purchaseTransaction(st, g));
  const expenseBills = [...bills.values()].map((g) => expenseBill(st, g));
  const vendors = new Map<string, GLExportVendor>();
  for (const g of bills.values()) {
    const m = st.members.get(g[0].memberId);
    vendors.set(`m${g[0].memberId}`, {
      member: st.memberRef(g[0].memberId),
      vendorNumber: m?.vendorNumber,
      accountNumber: m?.vendorNumber,
    });
  }
  for (const g of purchases.values()) {
    const v = vendorOfCompany(st, g[0]);
    if (v) vendors.set(`c${v.vendor?.id}`, v);
  }
  const customerIds = [...new Set(sel.invoices.map((i) => i.companyId))];
  return {
    exportSettings: {
      ...settings,
      summarizeInvoices: 'Detailed',
      transferExpensesAsBillFlag: true,
      includeSalesTaxFlag: true,
    },
    vendors: [...vendors.values()],
    customers: customerIds.map((id) => customer(st, id, sel.invoices.find((i) => i.companyId === id)!)),
    transactions: sel.invoices.map((inv) => transaction(st, inv)),
    expenses: [],
    expenseBills,
    purchaseTransactions,
    adjustmentTransactions: sel.inventory
      .filter((p) => p.type === 'Adjustment')
      .map((p): GLExportAdjustmentTransaction => adjustmentTransaction(st, p)),
    inventoryTransfers: sel.inventory
      .filter((p) => p.type === 'Transfer')
      .map((p): GLExportInventoryTransfer => inventoryTransfer(st, p)),
  };
}

function customer(st: SandboxState, companyId: number, sample: SbInvoice): GLExportCustomer {
  const c = st.company(companyId);
  const tax = st.taxCode(sample.taxCodeId);
  const { rate, xref } = st.taxRate(sample.taxCodeId);
  return {
    company: st.companyRef(companyId),
    companyType: { id: 2, name: 'Client' },
    accountNumber: c?.accountNumber,
    billingTerms: c?.billingTerms,
    dueDays: sample.dueDays,
    taxable: rate > 0,
    taxCode: tax ? { id: tax.id, name: tax.identifier } : undefined,
    currency: st.currencyRef(st.currencyCodeOf(sample)),
    stateTaxXref: xref,
    stateTaxRate: rate,
    stateTaxAgencyXref: 'HMRC',
    taxGroupRate: rate,
    taxAgencyXref: 'HMRC',
    taxLevels: [{ taxLevel: 1, taxRate: rate, taxCodeXref: xref, agencyXref: 'HMRC' }],
  };
}

function transaction(st: SandboxState, inv: SbInvoice): GLExportTransaction {
  const c = st.company(inv.companyId);
  const t = st.totals(inv);
  const tax = st.taxCode(inv.taxCodeId);
  const taxRef = tax ? { id: tax.id, name: tax.identifier } : undefined;
  const currency = st.currencyRef(st.currencyCodeOf(inv));
  const documentType = inv.type === 'CreditMemo' ? 'CREDIT MEMO' : 'INVOICE';
  const documentDate = iso(inv.date);
  return {
    id: st.settings.exportTransactionIds === 'billingLog' ? (inv.billingLogId ?? inv.id) : inv.id,
    glClass: '',
    glTypeId: 'AR',
    documentDate,
    documentNumber: inv.invoiceNumber,
    documentType,
    memo: inv.description,
    description: inv.description,
    company: st.companyRef(inv.companyId),
    companyType: { id: 2, name: 'Client' },
    companyAccountNumber: c?.accountNumber,
    billingTerms: c?.billingTerms,
    dueDays: inv.dueDays,
    dueDate: new Date(Date.parse(documentDate) + inv.dueDays * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    accountNumber: st.settings.arAccount,
    billingType: inv.type,
    glEntryIds: formatGlEntryIds(inv.lines.map((l) => l.id)),
    project: inv.project,
    currency,
    total: pounds(t.gross),
    taxable: t.rate > 0,
    taxableTotal: pounds(t.taxable),
    taxCode: taxRef,
    taxGroupRate: t.rate,
    taxAccountNumber: st.settings.salesTaxAccount,
    salesTax: pounds(t.tax),
    stateTax: pounds(t.tax),
    taxableAmount1: pounds(t.taxable),
    taxAgencyXref: 'HMRC',
    stateTaxXref: t.xref,
    taxId: c?.taxIdentifier,
    shipToCompany: st.companyRef(inv.companyId),
    shipToCompanyAccountNumber: c?.accountNumber,
    taxLevels: [{ taxLevel: 1, taxCodeXref: t.xref, taxAmount: pounds(t.tax), taxableAmount: pounds(t.taxable) }],
    detail: inv.lines.map((l) => {
      const g = st.gl(l.glAccountId);
      const item =
        l.catalogItemId !== undefined ? st.scenario.catalog.find((x) => x.id === l.catalogItemId) : undefined;
      const type =
        item?.type?.id !== undefined ? st.scenario.productTypes.find((p) => p.id === item.type?.id) : undefined;
      const amount = pence(l.amount);
      const qty = Math.abs(l.quantity);
      return {
        id: detailIdOf(l),
        documentDate,
        documentType,
        accountNumber: g.segment1,
        glClass: g.segment2 ?? '',
        glTypeId: g.glType,
        glItemId: item?.identifier,
        invoiceSummaryOption: 'Detailed',
        memo: l.description,
        description: l.description,
        quantity: amount < 0 ? qty : -qty,
        total: pounds(-amount),
        itemPrice: qty ? pounds(Math.round(Math.abs(amount) / qty)) : 0,
        currency,
        costAccountNumber: g.cogs1,
        inventoryAccountNumber: g.inventory,
        productAccountNumber: item ? g.segment1 : undefined,
        taxCode: taxRef,
        taxCodeXref: t.xref,
        taxAgencyXref: 'HMRC',
        taxRate: t.rate / 100,
        taxRatePercent: t.rate,
        taxableFlag: l.taxable,
        itemTaxableFlag: l.taxable,
        salesCode: g.salesCode,
        item: item ? { id: item.id, identifier: item.identifier, serializedFlag: false } : undefined,
        product: item ? { id: item.id, name: item.description } : undefined,
        itemDescription: item?.description,
        salesDescription: l.description,
        itemCost: item?.cost,
        cost: item?.cost !== undefined ? pounds(pence(item.cost) * qty) : undefined,
        itemTypeXref: type?.typeXref,
        taxLevels: [{ taxLevel: 1, taxableFlag: l.taxable }],
      };
    }),
  };
}

function expenseBill(st: SandboxState, group: SbExpense[]): GLExportExpenseBill {
  const m = st.members.get(group[0].memberId);
  const currency = st.currencyRef(group[0].currencyCode ?? st.settings.baseCurrency);
  const detail = group.flatMap((e) => {
    const base = {
      id: [e.id],
      documentDate: iso(e.date),
      company: st.companyRef(e.companyId),
      currency,
      billable: e.billable,
      reimbursable: true,
      companyAdvance: false,
      expenseClass: { id: 1, name: e.classification },
    };
    const lines = [
      { ...base, glTypeId: 'EE', memo: e.description, accountNumber: st.gl(e.glAccountId).segment1, total: e.amount },
    ];
    if (e.taxAmount)
      lines.push({
        ...base,
        // The VAT line is a GL entry of its own, with its own id (it does not repeat the expense's).
        id: [expenseTaxEntryId(e) ?? e.id],
        glTypeId: 'ET',
        memo: `VAT: ${e.description}`,
        accountNumber: st.settings.purchaseTaxAccount,
        total: e.taxAmount,
      });
    return lines;
  });
  const total = detail.reduce((s, d) => s + pence(d.total), 0);
  const last = group
    .map((e) => e.date)
    .sort()
    .at(-1)!;
  return {
    id: group[0].id,
    documentDate: iso(last),
    documentType: 'BILL',
    documentNumber: `EXP${group[0].id}`,
    memo: `Expenses of ${st.memberRef(group[0].memberId).name}`,
    glClass: '',
    apAccountNumber: st.settings.apAccount,
    member: st.memberRef(group[0].memberId),
    vendorNumber: m?.vendorNumber,
    currency,
    total: pounds(total),
    detail,
  };
}

export function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const i of items) {
    const k = key(i);
    const list = m.get(k);
    if (list) list.push(i);
    else m.set(k, [i]);
  }
  return m;
}
