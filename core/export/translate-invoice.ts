/**
 * Receivable invoices (every Manage type) → Sage documents, pure and to the penny.
 * - Split invoicing (default): positive lines → invoice <number>0, negative lines → credit note <number>1 with
 *   positive amounts (Manage 460 → Sage 4600 + 4601); a credit memo has only negative lines → credit <number>1.
 * - Split invoicing off: batch SI (positive lines) and SC (negative lines) with the Manage number as reference.
 * - Service-type invoicing: service-format documents, no product references, GL account → nominal code.
 * Lines carry the GL account as nominal, the GL class as department, the invoice's project, and tax from the
 * tax code's first-level xref, allocated so the Sage documents add up exactly to Manage's tax.
 * GL export signs (core/manage/record-ids.ts): detail.total is a ledger amount, so a charge is negative there.
 */

import type { GLExportTransaction, GLExportTransactionDetail, UnpostedInvoice } from '../manage/models.ts';
import type { Minor } from '../money.ts';
import type { BatchTransaction, InvoiceDocument, InvoiceLine, Split } from '../sage/ledger.ts';
import { LIMITS } from '../sage/rules.ts';
import { dayOf, fit, minorOf, plannedDocument, quantityAndPrice, sum } from './lines.ts';
import type { Creation, PlannedRecord, PlannedSageDocument } from './plan-types.ts';
import { allocateTax } from './tax-allocation.ts';
import { checkManageTotal } from './total-check.ts';
import type { Settings } from './types.ts';
import type { Mapper, Subject, TaxMapping } from './validate-mappings.ts';

export interface InvoiceInput {
  tx: GLExportTransaction;
  unposted?: UnpostedInvoice;
  /** Fallback account number from the export's customers[] list. */
  customerAccount?: string;
}

/** One customer-facing line before it is split: signed amounts. */
interface SignedLine {
  amount: Minor;
  tax: Minor;
  quantity: number;
  unitPrice?: number;
  description: string;
  nominal: string;
  taxCode: string;
  department?: number;
  project?: string;
  stockCode: string;
}

interface Header {
  subject: Subject;
  number: string;
  type: string;
  date: string;
  account: string;
  company: string;
  currency: string;
  exchangeRate?: number;
  project?: string;
}

const isTaxLine = (d: GLExportTransactionDetail) =>
  d.glTypeId === 'ST' || (d.taxNote ?? '').toUpperCase() === 'AUTOSTAX';

const TYPES = ['Standard', 'Agreement', 'Miscellaneous', 'DownPayment', 'CreditMemo', 'Progress'];

export function invoiceType(tx: GLExportTransaction, unposted?: UnpostedInvoice): string {
  if (unposted?.invoiceType) return unposted.invoiceType;
  const billing = TYPES.find((t) => t.toLowerCase() === (tx.billingType ?? '').replace(/\s/g, '').toLowerCase());
  if (billing) return billing;
  return (tx.total ?? 0) < 0 || /credit/i.test(tx.documentType ?? '') ? 'CreditMemo' : 'Standard';
}

/** Translate one exported invoice; problems go to the mapper's sink and the record is still returned. */
export function translateInvoice(input: InvoiceInput, m: Mapper, settings: Settings, today: string): PlannedRecord {
  const { tx, unposted } = input;
  const number = (tx.documentNumber ?? unposted?.invoiceNumber ?? String(tx.id)).trim();
  const subject: Subject = { manageId: tx.id ?? unposted?.id ?? 0, name: `invoice ${number}` };
  const company = tx.company?.name ?? unposted?.company?.name ?? tx.company?.identifier ?? 'unknown company';
  const cur = m.currency(subject, tx.currency?.currencyCode ?? unposted?.currency?.currencyCode);
  const header: Header = {
    subject,
    number,
    company,
    type: invoiceType(tx, unposted),
    date: dayOf(tx.documentDate ?? unposted?.invoiceDate, today),
    account:
      m.customerRef(subject, tx.companyAccountNumber ?? input.customerAccount ?? unposted?.accountNumber, company) ??
      '',
    currency: cur?.currency ?? (tx.currency?.currencyCode ?? '').toUpperCase(),
    exchangeRate: cur?.exchangeRate,
    project: m.project(subject, tx.project?.name),
  };
  const headerTax = m.taxCode(subject, tx.taxCode, tx.taxLevels?.find((l) => l.taxLevel === 1)?.taxCodeXref);
  const creations: Creation[] = [];
  const lines = buildLines(tx, header, headerTax, m, settings, creations);
  const taxTotal = manageTax(tx);
  const taxes = allocateTax(
    lines.map((l) => ({ net: l.amount, rate: m.sageTaxRate(l.taxCode) })),
    taxTotal,
  );
  lines.forEach((l, i) => {
    l.tax = taxes[i];
  });
  checkTotal(tx, header, lines, taxTotal, m);
  const net = sum(lines.map((l) => l.amount));
  const tax = sum(lines.map((l) => l.tax));
  if (header.account)
    creations.unshift({
      kind: 'customer',
      account: { ref: header.account, name: fit(company, LIMITS.accountName), currency: header.currency || undefined },
    });
  return {
    manageId: subject.manageId,
    recordIds: [subject.manageId],
    processedRecordIds: [],
    type: header.type,
    number,
    date: header.date,
    party: company,
    currency: header.currency,
    net,
    tax,
    total: net + tax,
    creations,
    documents: settings.splitInvoicing ? splitDocuments(header, lines, m, settings) : batchDocuments(header, lines, m),
    status: 'transfer',
  };
}

/** Manage's tax for the invoice: salesTax, else the tax levels, else the tax lines of the detail. */
function manageTax(tx: GLExportTransaction): Minor {
  if (tx.salesTax !== undefined) return minorOf(tx.salesTax);
  if (tx.taxLevels?.length) return sum(tx.taxLevels.map((l) => minorOf(l.taxAmount ?? 0)));
  return -sum((tx.detail ?? []).filter(isTaxLine).map((d) => minorOf(d.total ?? 0)));
}

function buildLines(
  tx: GLExportTransaction,
  h: Header,
  headerTax: TaxMapping | undefined,
  m: Mapper,
  settings: Settings,
  creations: Creation[],
): SignedLine[] {
  const out: SignedLine[] = [];
  (tx.detail ?? [])
    .filter((d) => !isTaxLine(d))
    .forEach((d, i) => {
      const amount = -minorOf(d.total ?? 0);
      if (amount === 0) return;
      const where = `line ${i + 1} of ${h.subject.name}`;
      const nominal = m.nominal(h.subject, d.accountNumber, where) ?? '';
      out.push({
        amount,
        tax: 0,
        quantity: Math.abs(d.quantity ?? 1),
        unitPrice: d.itemPrice,
        description: fit(
          d.description || d.memo || d.itemDescription || d.salesDescription || 'Service',
          LIMITS.description,
        ),
        nominal,
        taxCode: lineTaxCode(d, headerTax, m, h.subject),
        department: m.department(h.subject, d.glClass),
        project: h.project,
        stockCode: stockCodeOf(d, h, nominal, m, settings, creations),
      });
    });
  return out;
}

/** A taxable line takes its (or the invoice's) tax code; a non-taxable one zero-rated T0 unless that code is 0% already. */
function lineTaxCode(d: GLExportTransactionDetail, headerTax: TaxMapping | undefined, m: Mapper, s: Subject): string {
  const own = d.taxCodeXref?.trim() ? m.taxCode(s, d.taxCode, d.taxCodeXref) : headerTax;
  if (!own) return '';
  if (d.taxableFlag === false && own.rate > 0) return m.zeroRatedCode ?? own.code;
  return own.code;
}

function stockCodeOf(
  d: GLExportTransactionDetail,
  h: Header,
  nominal: string,
  m: Mapper,
  settings: Settings,
  creations: Creation[],
): string {
  const code = d.item?.identifier?.trim();
  if (settings.serviceInvoicing || !code) return 'S1';
  if (code.length > LIMITS.stockCode) {
    m.problem(
      h.subject,
      `Product ${code}`,
      'EXPORT_BAD_PRODUCT_CODE',
      `Product "${code}" is ${code.length} characters long; a Sage product code holds at most ${LIMITS.stockCode}.`,
      'Shorten the Product ID in Manage (Procurement > Product Catalog), or turn service-type invoicing on.',
    );
    return '';
  }
  creations.push({
    kind: 'product',
    product: {
      code,
      description: fit(d.itemDescription || d.salesDescription || d.description || code, LIMITS.description),
      itemType: 'non-stock',
      salesNominal: nominal || undefined,
    },
    spec: {
      typeXref: d.itemTypeXref,
      inventory: d.inventoryAccountNumber ?? d.inventoryXref,
      cogs: d.costAccountNumber ?? d.cogsXref,
      usedBy: h.subject.name,
    },
  });
  return code;
}

/** Manage's gross must equal the lines plus tax, or the documents would not match Manage to the penny. */
function checkTotal(tx: GLExportTransaction, h: Header, lines: SignedLine[], tax: Minor, m: Mapper): void {
  checkManageTotal(m, h.subject, {
    what: `Invoice ${h.number}`,
    net: sum(lines.map((l) => l.amount)),
    tax,
    manageTotal: tx.total,
    currency: h.currency || m.inputs.setup.baseCurrency,
    fix: 'Check the invoice in Manage (lines and tax), close it again, and refresh the preview.',
  });
}

function sageLine(l: SignedLine, sign: 1 | -1, format: 'product' | 'service'): InvoiceLine {
  const net = l.amount * sign;
  const { quantity, unitPrice } = quantityAndPrice(net, l.quantity, l.unitPrice);
  return {
    stockCode: format === 'service' ? 'S1' : l.stockCode,
    description: l.description,
    quantity,
    unitPrice,
    net,
    tax: l.tax * sign,
    taxCode: l.taxCode,
    nominal: l.nominal,
    ...(l.department !== undefined ? { department: l.department } : {}),
    ...(l.project ? { project: l.project } : {}),
  };
}

function splitDocuments(h: Header, lines: SignedLine[], m: Mapper, settings: Settings): PlannedSageDocument[] {
  const format = settings.serviceInvoicing ? 'service' : 'product';
  const docs: PlannedSageDocument[] = [];
  for (const [kind, sign, suffix] of [
    ['invoice', 1, '0'],
    ['credit', -1, '1'],
  ] as const) {
    const part = lines.filter((l) => l.amount * sign > 0);
    if (!part.length) continue;
    const number = m.documentNumber(h.subject, h.number, suffix, 'Invoice') ?? 0;
    const doc: InvoiceDocument = {
      kind,
      format,
      number,
      account: h.account,
      date: h.date,
      orderNumber: fit(h.number, LIMITS.orderNumber),
      ...(h.exchangeRate ? { currency: h.currency, exchangeRate: h.exchangeRate } : {}),
      lines: part.map((l) => sageLine(l, sign, format)),
    };
    const label = `${kind === 'invoice' ? 'SI' : 'SC'} ${number}`;
    docs.push(
      plannedDocument(
        { op: 'invoice', doc },
        label,
        kind === 'invoice' ? 'SI' : 'SC',
        h.account,
        h.currency,
        { doc: kind, number },
        sum(doc.lines.map((x) => x.net)),
        sum(doc.lines.map((x) => x.tax)),
      ),
    );
  }
  return docs;
}

function batchDocuments(h: Header, lines: SignedLine[], m: Mapper): PlannedSageDocument[] {
  const reference = m.reference(h.subject, h.number, 'Invoice') ?? '';
  const docs: PlannedSageDocument[] = [];
  for (const [type, sign] of [
    ['SI', 1],
    ['SC', -1],
  ] as const) {
    const part = lines.filter((l) => l.amount * sign > 0);
    if (!part.length) continue;
    const splits: Split[] = part.map((l) => ({
      nominal: l.nominal,
      taxCode: l.taxCode,
      net: l.amount * sign,
      tax: l.tax * sign,
      details: l.description,
      ...(l.department !== undefined ? { department: l.department } : {}),
      ...(l.project ? { project: l.project } : {}),
    }));
    const tx: BatchTransaction = {
      type,
      account: h.account,
      date: h.date,
      reference,
      details: fit(`${h.type} invoice ${h.number}`, LIMITS.details),
      ...(h.exchangeRate ? { currency: h.currency, exchangeRate: h.exchangeRate } : {}),
      splits,
    };
    docs.push(
      plannedDocument(
        { op: 'transaction', tx },
        `${type} ${reference}`,
        type,
        h.account,
        h.currency,
        { doc: 'transaction', type, reference, account: h.account },
        sum(splits.map((x) => x.net)),
        sum(splits.map((x) => x.tax)),
      ),
    );
  }
  return docs;
}
