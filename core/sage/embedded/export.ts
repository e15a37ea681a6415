/**
 * The whole stand-in company as documented JSON (`sagebot ledger export --json`, README.md): money as decimal
 * numbers with 2 places, dates YYYY-MM-DD, amounts in the document's currency with base amounts beside them.
 * Reads only, so it may run while another process holds the writer lock.
 */
import { fromMinor } from '../../money.ts';
import type { HeaderRow } from './audit.ts';
import type { InvoiceRow, LineRow } from './invoices.ts';
import { type Db, getSetting, readLedgerSetup } from './store.ts';

const m = (minor: number | null | undefined) => fromMinor(minor ?? 0);
const tax = (n: number | null) => (n === null ? null : `T${n}`);

function groupBy<T>(rows: T[], key: (r: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

export function exportCompanyDb(db: Db): Record<string, unknown> {
  const setup = readLedgerSetup(db);
  const all = <T>(sql: string) => db.prepare(sql).all() as T[];
  const headers = all<HeaderRow>('SELECT * FROM headers ORDER BY id');
  const headerById = new Map(headers.map((h) => [h.id, h]));
  const firstTran = new Map(
    (
      db.prepare('SELECT header_id, MIN(tran) AS tran FROM splits GROUP BY header_id').all() as Array<{
        header_id: number;
        tran: number;
      }>
    ).map((r) => [r.header_id, r.tran]),
  );
  const tranOf = (headerId: number | null | undefined) => (headerId ? (firstTran.get(headerId) ?? null) : null);
  return {
    company: {
      name: setup.companyName,
      baseCurrency: setup.baseCurrency,
      financialYearStart: setup.financialYearStart,
      lockDate: setup.lockDate ?? null,
      integrationEnabled: getSetting(db, 'integration_enabled') !== '0',
      exclusive: getSetting(db, 'exclusive') ?? null,
    },
    customers: all('SELECT ref, name, currency FROM customers ORDER BY ref'),
    suppliers: all('SELECT ref, name, currency FROM suppliers ORDER BY ref'),
    products: all<{
      code: string;
      description: string;
      item_type: string;
      sales_nominal: string;
      purchase_nominal: string;
      tax_code: number | null;
      qty_in_stock: number;
    }>('SELECT * FROM products ORDER BY code').map((p) => ({
      code: p.code,
      description: p.description,
      itemType: p.item_type,
      salesNominal: p.sales_nominal,
      purchaseNominal: p.purchase_nominal,
      taxCode: tax(p.tax_code),
      qtyInStock: p.qty_in_stock,
    })),
    nominals: all<{ code: string; name: string; control: number; bank: number; role: string | null }>(
      'SELECT * FROM nominals ORDER BY code',
    ).map((n) => ({
      code: n.code,
      name: n.name,
      control: n.control === 1,
      bank: n.bank === 1,
      ...(n.role ? { role: n.role } : {}),
    })),
    controlAccounts: setup.controlAccounts,
    taxCodes: setup.taxCodes,
    departments: setup.departments,
    projects: setup.projects,
    currencies: setup.currencies,
    invoices: exportInvoices(db, headerById, tranOf),
    transactions: exportTransactions(db, headers, tranOf),
    purchaseOrders: exportPurchaseOrders(db),
    stockTransactions: all<{
      id: number;
      type: string;
      stock_code: string;
      quantity: number;
      cost: number;
      reference: string;
      date: string;
      details: string | null;
      po_id: number | null;
    }>('SELECT * FROM stock_trans ORDER BY id').map((s) => ({
      id: s.id,
      type: s.type,
      stockCode: s.stock_code,
      quantity: s.quantity,
      cost: m(s.cost),
      reference: s.reference,
      date: s.date,
      details: s.details ?? '',
    })),
    allocations: exportAllocations(db, headerById, tranOf),
  };
}

type TranOf = (headerId: number | null | undefined) => number | null;

function exportInvoices(db: Db, headerById: Map<number, HeaderRow>, tranOf: TranOf) {
  const lines = groupBy(
    db.prepare('SELECT * FROM invoice_lines ORDER BY invoice_id, line_no').all() as LineRow[],
    (l) => l.invoice_id,
  );
  return (db.prepare('SELECT * FROM invoices ORDER BY id').all() as InvoiceRow[]).map((i) => {
    const h = i.header_id ? headerById.get(i.header_id) : undefined;
    return {
      number: i.number,
      kind: i.kind,
      format: i.format,
      account: i.account,
      date: i.date,
      currency: i.currency,
      exchangeRate: i.rate,
      net: m(i.net),
      tax: m(i.tax),
      gross: m(i.net + i.tax),
      baseNet: m(i.base_net),
      baseTax: m(i.base_tax),
      amountPaid: m(h?.amount_paid),
      fullyPaidOn: h?.fully_paid_on ?? null,
      paymentsChangedOn: h?.payments_changed_on ?? null,
      posted: i.posted === 1,
      auditTran: tranOf(i.header_id),
      orderNumber: i.order_number ?? '',
      notes: i.notes ?? '',
      lines: (lines.get(i.id) ?? []).map((l) => ({
        stockCode: l.stock_code,
        description: l.description,
        quantity: l.quantity,
        unitPrice: m(l.unit_price),
        net: m(l.net),
        tax: m(l.tax),
        baseNet: m(l.base_net),
        baseTax: m(l.base_tax),
        taxCode: tax(l.tax_code),
        nominal: l.nominal,
        department: l.department,
        project: l.project,
      })),
    };
  });
}

interface SplitRow {
  tran: number;
  header_id: number;
  nominal: string;
  tax_code: number;
  net: number;
  tax: number;
  base_net: number;
  base_tax: number;
  details: string | null;
  department: number;
  project: string | null;
  date: string;
}

function exportTransactions(db: Db, headers: HeaderRow[], tranOf: TranOf) {
  const splits = groupBy(
    db.prepare('SELECT * FROM splits ORDER BY header_id, tran').all() as SplitRow[],
    (s) => s.header_id,
  );
  const invoiceNumbers = new Map(
    (
      db.prepare('SELECT id, number FROM invoices WHERE header_id IS NOT NULL').all() as Array<{
        id: number;
        number: number;
      }>
    ).map((r) => [r.id, r.number]),
  );
  return headers.map((h) => ({
    tran: tranOf(h.id),
    header: h.id,
    type: h.type,
    account: h.account,
    reference: h.reference,
    date: h.date,
    details: h.details ?? '',
    net: m(h.net),
    tax: m(h.tax),
    gross: m(h.net + h.tax),
    amountPaid: m(h.amount_paid),
    currency: h.currency,
    exchangeRate: h.rate,
    baseNet: m(h.base_net),
    baseTax: m(h.base_tax),
    baseAmountPaid: m(h.base_amount_paid),
    bankCode: h.bank_code,
    fullyPaidOn: h.fully_paid_on,
    paymentsChangedOn: h.payments_changed_on,
    invoiceNumber: h.invoice_id ? (invoiceNumbers.get(h.invoice_id) ?? null) : null,
    user: h.user,
    splits: (splits.get(h.id) ?? []).map((s) => ({
      tran: s.tran,
      nominal: s.nominal,
      taxCode: `T${s.tax_code}`,
      net: m(s.net),
      tax: m(s.tax),
      baseNet: m(s.base_net),
      baseTax: m(s.base_tax),
      department: s.department,
      project: s.project,
      details: s.details ?? '',
      date: s.date,
    })),
  }));
}

function exportPurchaseOrders(db: Db) {
  const lines = groupBy(
    db.prepare('SELECT * FROM po_lines ORDER BY po_id, line_no').all() as Array<{
      po_id: number;
      stock_code: string;
      description: string;
      quantity: number;
      unit_cost: number;
      net: number;
      tax: number;
      tax_code: number;
      nominal: string;
      department: number;
      project: string | null;
    }>,
    (l) => l.po_id,
  );
  return (
    db.prepare('SELECT * FROM purchase_orders ORDER BY id').all() as Array<{
      id: number;
      number: number;
      supplier: string;
      reference: string | null;
      date: string;
      currency: string;
      rate: number;
      net: number;
      tax: number;
      base_net: number;
      base_tax: number;
      received: number;
    }>
  ).map((p) => ({
    number: p.number,
    supplier: p.supplier,
    reference: p.reference ?? '',
    date: p.date,
    currency: p.currency,
    exchangeRate: p.rate,
    net: m(p.net),
    tax: m(p.tax),
    baseNet: m(p.base_net),
    baseTax: m(p.base_tax),
    received: p.received === 1,
    lines: (lines.get(p.id) ?? []).map((l) => ({
      stockCode: l.stock_code,
      description: l.description,
      quantity: l.quantity,
      unitCost: m(l.unit_cost),
      net: m(l.net),
      tax: m(l.tax),
      taxCode: `T${l.tax_code}`,
      nominal: l.nominal,
      department: l.department,
      project: l.project,
    })),
  }));
}

function exportAllocations(db: Db, headerById: Map<number, HeaderRow>, tranOf: TranOf) {
  return (
    db.prepare('SELECT * FROM allocations ORDER BY id').all() as Array<{
      id: number;
      debit_id: number;
      credit_id: number;
      amount: number;
      base_amount: number;
      date: string;
      kind: string;
    }>
  ).map((a) => {
    const d = headerById.get(a.debit_id)!;
    const c = headerById.get(a.credit_id)!;
    return {
      id: a.id,
      kind: a.kind,
      date: a.date,
      account: d.account,
      currency: d.currency,
      amount: m(a.amount),
      baseAmount: m(a.base_amount),
      invoice: { tran: tranOf(d.id), type: d.type, reference: d.reference },
      credit: { tran: tranOf(c.id), type: c.type, reference: c.reference },
    };
  });
}
