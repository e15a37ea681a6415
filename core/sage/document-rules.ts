/**
 * Sage's rules for the lines of a document (invoice lines, batch splits, journal lines, order lines), shared
 * by both drivers so they refuse the same things with the same words. Products are looked up through a
 * callback: the embedded driver reads its database, the SDO driver passes what it fetched from Sage first.
 */
import { Decimal } from 'decimal.js';
import { refuse } from './errors.ts';
import type { InvoiceLine, Journal, Product, PurchaseOrderLine, Split } from './ledger.ts';
import {
  capitalise,
  checkDepartment,
  checkJournalBalanced,
  checkLength,
  checkMoney,
  checkNominal,
  checkPostingDate,
  checkProject,
  checkQuantity,
  checkTaxCode,
  LIMITS,
  NON_STOCK_CODES,
  parseTaxCode,
  type RuleSetup,
  toBase,
} from './rules.ts';

export type ProductLookup = (code: string) => Product | undefined;

export interface CheckedLine {
  stockCode: string;
  description: string;
  quantity: number;
  unitPrice: number;
  net: number;
  tax: number;
  baseNet: number;
  baseTax: number;
  taxCode: number | null;
  nominal: string | null;
  department: number;
  project: string | null;
  product?: Product;
}

export interface CheckedSplit {
  nominal: string;
  taxCode: number;
  net: number;
  tax: number;
  baseNet: number;
  baseTax: number;
  details?: string;
  department: number;
  project?: string;
}

export interface CheckedJournalLine extends CheckedSplit {
  type: 'JD' | 'JC';
}

/** Stock code on a line: a product of the company, or one of Sage's non-stock codes (blank allowed on service lines). */
export function checkLineStockCode(
  code: string,
  where: string,
  allowBlank: boolean,
  products: ProductLookup,
): Product | undefined {
  const s = String(code ?? '').trim();
  checkLength(s, LIMITS.stockCode, 'stock code', where);
  if ((!s && allowBlank) || NON_STOCK_CODES.has(s.toUpperCase())) return undefined;
  const product = products(s);
  if (!product) {
    throw refuse(
      'SAGE_PRODUCT_UNKNOWN',
      `Product ${s || '(blank)'} on ${where} does not exist in Sage.`,
      'Create the product first (products are created automatically from Manage when their Inventory and COGS accounts are set), or use a non-stock code: S1, S2, S3 or M.',
      { stockCode: s },
    );
  }
  return product;
}

/** An invoicing-module line: no negative values, known codes; a message line (M, no values) needs no nominal. */
export function checkInvoiceLine(
  setup: RuleSetup,
  line: InvoiceLine,
  where: string,
  format: 'product' | 'service',
  rate: number,
  products: ProductLookup,
): CheckedLine {
  const stockCode = String(line.stockCode ?? '').trim();
  const product = checkLineStockCode(stockCode, where, format === 'service', products);
  checkLength(line.description ?? '', LIMITS.description, 'description', where);
  checkQuantity(line.quantity ?? 0, where);
  checkMoney(line.unitPrice ?? 0, 'unit price', where, 'SAGE_NEGATIVE_LINE');
  checkMoney(line.net, 'net amount', where, 'SAGE_NEGATIVE_LINE');
  checkMoney(line.tax, 'tax amount', where, 'SAGE_NEGATIVE_LINE');
  const isMessage = stockCode.toUpperCase() === 'M' && !line.nominal && line.net === 0 && line.tax === 0;
  const taxCodeText = line.taxCode || product?.taxCode || '';
  const nominal = isMessage ? undefined : checkNominal(setup, line.nominal || product?.salesNominal || '', where);
  const taxCode = isMessage && !taxCodeText ? undefined : checkTaxCode(setup, taxCodeText, where);
  return {
    stockCode,
    description: line.description ?? '',
    quantity: line.quantity ?? 0,
    unitPrice: line.unitPrice ?? 0,
    net: line.net,
    tax: line.tax,
    baseNet: toBase(line.net, rate),
    baseTax: toBase(line.tax, rate),
    taxCode: taxCode ? parseTaxCode(taxCode.code)! : null,
    nominal: nominal?.code ?? null,
    department: checkDepartment(setup, line.department, where),
    project: checkProject(setup, line.project, where) ?? null,
    product,
  };
}

/** A batch-transaction split: positive values only, never a control or bank account. */
export function checkSplit(setup: RuleSetup, s: Split, where: string, rate: number): CheckedSplit {
  checkMoney(s.net, 'net amount', where, 'SAGE_NEGATIVE_VALUE');
  checkMoney(s.tax, 'tax amount', where, 'SAGE_NEGATIVE_VALUE');
  checkLength(s.details, LIMITS.details, 'details', where);
  const nominal = checkNominal(setup, s.nominal, where);
  const taxCode = checkTaxCode(setup, s.taxCode, where);
  return {
    nominal: nominal.code,
    taxCode: parseTaxCode(taxCode.code)!,
    net: s.net,
    tax: s.tax,
    baseNet: toBase(s.net, rate),
    baseTax: toBase(s.tax, rate),
    details: s.details,
    department: checkDepartment(setup, s.department, where),
    project: checkProject(setup, s.project, where),
  };
}

/** Journal lines: each a debit or a credit (not both, not neither); bank accounts allowed, control accounts not. */
export function checkJournalLines(setup: RuleSetup, journal: Journal, where: string): CheckedJournalLine[] {
  if (!Array.isArray(journal.lines) || journal.lines.length < 2) {
    throw refuse(
      'SAGE_JOURNAL_UNBALANCED',
      `${capitalise(where)} needs at least one debit line and one credit line.`,
      'Give the journal its debit and credit lines.',
    );
  }
  return journal.lines.map((l, i) => {
    const lineWhere = `line ${i + 1} of ${where}`;
    const debit = l.debit ?? 0;
    const credit = l.credit ?? 0;
    checkMoney(debit, 'debit', lineWhere, 'SAGE_NEGATIVE_VALUE');
    checkMoney(credit, 'credit', lineWhere, 'SAGE_NEGATIVE_VALUE');
    if (debit > 0 && credit > 0)
      throw refuse(
        'SAGE_JOURNAL_UNBALANCED',
        `${capitalise(lineWhere)} has both a debit and a credit.`,
        'Put the debit and the credit on separate lines.',
      );
    if (!debit && !credit)
      throw refuse(
        'SAGE_ZERO_VALUE',
        `${capitalise(lineWhere)} has no value.`,
        'Remove the empty line or give it a debit or a credit.',
      );
    checkLength(l.details, LIMITS.details, 'details', lineWhere);
    const nominal = checkNominal(setup, l.nominal, lineWhere, { allowBank: true });
    const taxCode = checkTaxCode(setup, l.taxCode ?? 'T9', lineWhere);
    const amount = debit || credit;
    return {
      type: debit > 0 ? 'JD' : 'JC',
      nominal: nominal.code,
      taxCode: parseTaxCode(taxCode.code)!,
      net: amount,
      tax: 0,
      baseNet: amount,
      baseTax: 0,
      details: l.details ?? journal.details ?? '',
      department: checkDepartment(setup, l.department, lineWhere),
      project: checkProject(setup, l.project, lineWhere),
    };
  });
}

export interface CheckedPoLine extends CheckedLine {
  nominal: string;
  taxCode: number;
  stocked: boolean;
}

/** A purchase-order line: like an invoice line, posted to the product's purchase nominal when none is given. */
export function checkPoLine(
  setup: RuleSetup,
  l: PurchaseOrderLine,
  where: string,
  rate: number,
  products: ProductLookup,
): CheckedPoLine {
  const stockCode = String(l.stockCode ?? '').trim();
  const product = checkLineStockCode(stockCode, where, false, products);
  checkLength(l.description ?? '', LIMITS.description, 'description', where);
  checkQuantity(l.quantity, where);
  checkMoney(l.unitCost ?? 0, 'unit cost', where, 'SAGE_NEGATIVE_LINE');
  checkMoney(l.net, 'net amount', where, 'SAGE_NEGATIVE_LINE');
  checkMoney(l.tax, 'tax amount', where, 'SAGE_NEGATIVE_LINE');
  const nominal = checkNominal(setup, l.nominal || product?.purchaseNominal || '', where);
  const taxCode = checkTaxCode(setup, l.taxCode || product?.taxCode || '', where);
  return {
    stockCode,
    description: l.description ?? '',
    quantity: l.quantity,
    unitPrice: l.unitCost ?? 0,
    net: l.net,
    tax: l.tax,
    baseNet: toBase(l.net, rate),
    baseTax: toBase(l.tax, rate),
    taxCode: parseTaxCode(taxCode.code)!,
    nominal: nominal.code,
    department: checkDepartment(setup, l.department, where),
    project: checkProject(setup, l.project, where) ?? null,
    product,
    stocked: product?.itemType === 'stock',
  };
}

/** Totals of checked lines or splits. */
export function totals(lines: Array<{ net: number; tax: number; baseNet: number; baseTax: number }>) {
  return lines.reduce(
    (t, l) => ({
      net: t.net + l.net,
      tax: t.tax + l.tax,
      baseNet: t.baseNet + l.baseNet,
      baseTax: t.baseTax + l.baseTax,
    }),
    { net: 0, tax: 0, baseNet: 0, baseTax: 0 },
  );
}

/** Cost x quantity in minor units, rounded half up once. */
export function stockValue(cost: number, quantity: number): number {
  return new Decimal(cost).times(quantity).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
}

/** A whole journal as Sage checks it: reference, details, posting date, every line, and debits = credits. */
export function checkJournal(setup: RuleSetup, journal: Journal): { reference: string; lines: CheckedJournalLine[] } {
  const reference = (journal.reference ?? '').trim();
  const where = `journal ${reference || '(no reference)'}`;
  checkLength(reference, LIMITS.invRef, 'reference', where);
  checkLength(journal.details, LIMITS.details, 'details', where);
  checkPostingDate(setup, journal.date, where);
  const lines = checkJournalLines(setup, journal, where);
  const sum = (type: 'JD' | 'JC') => lines.filter((l) => l.type === type).reduce((t, l) => t + l.net, 0);
  checkJournalBalanced(sum('JD'), sum('JC'), reference);
  return { reference, lines };
}
