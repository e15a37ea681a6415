/**
 * The translators as pure functions, to the penny, on hand-made GL export items (signs as in core/manage/record-ids.ts):
 * split / unsplit invoices, tax allocated to Manage's total, foreign currency, numbers Sage cannot hold,
 * expense bills (with the tax code inferred when the unposted record is gone, as on a rerun) and journals.
 */
import { describe, expect, it } from 'vitest';
import { createProblemSink } from '../../core/export/problems.ts';
import { translateExpenseBill } from '../../core/export/translate-expense.ts';
import { translateInvoice } from '../../core/export/translate-invoice.ts';
import type { Settings } from '../../core/export/types.ts';
import { createMapper } from '../../core/export/validate-mappings.ts';
import type { GLExportExpenseBill, GLExportTransaction } from '../../core/manage/models.ts';
import type { LedgerSetup } from '../../core/sage/ledger.ts';

const setup: LedgerSetup = {
  companyName: 'T',
  baseCurrency: 'GBP',
  financialYearStart: '2025-01-01',
  controlAccounts: { debtors: '1100' },
  taxCodes: [
    { code: 'T0', rate: 0, description: 'Zero' },
    { code: 'T1', rate: 20, description: 'Standard' },
    { code: 'T9', rate: 0, description: 'Outside' },
  ],
  nominals: [
    { code: '4000', name: 'Sales', control: false },
    { code: '1100', name: 'Debtors', control: true },
    { code: '7400', name: 'Travel', control: false },
    { code: '2102', name: 'Other creditors', control: false },
  ],
  departments: [
    { number: 0, name: 'Default' },
    { number: 10, name: 'SERV' },
  ],
  projects: [],
  currencies: [
    { code: 'GBP', name: 'Pound', rate: 1, base: true },
    { code: 'EUR', name: 'Euro', rate: 1.17, base: false },
  ],
};
const SPLIT: Settings = { splitInvoicing: true, serviceInvoicing: false, expensesAsJournal: false };

function mapper() {
  const sink = createProblemSink();
  return { sink, m: createMapper({ setup, settings: SPLIT, taxCodes: [], productTypes: [], catalog: [] }, sink) };
}

const line = (amount: number, more: object = {}) => ({
  accountNumber: '4000',
  glClass: 'SERV',
  description: 'Work',
  quantity: -1,
  total: -amount,
  taxableFlag: true,
  ...more,
});
const tx = (
  number: string,
  lines: object[],
  total: number,
  salesTax: number,
  more: object = {},
): GLExportTransaction => ({
  id: 1,
  documentNumber: number,
  documentDate: '2025-04-10T00:00:00Z',
  companyAccountNumber: 'acme01',
  company: { id: 2, name: 'Acme' },
  currency: { currencyCode: 'GBP' },
  total,
  salesTax,
  taxLevels: [{ taxLevel: 1, taxCodeXref: 'T1', taxAmount: salesTax }],
  detail: lines as never,
  ...more,
});

describe('translateInvoice', () => {
  it("splits 460 into invoice 4600 and credit 4601 whose taxes add up to Manage's tax", () => {
    const { m, sink } = mapper();
    const r = translateInvoice(
      { tx: tx('460', [line(333.33), line(333.33), line(291.67), line(-833.33)], 150, 25) },
      m,
      SPLIT,
      '2025-05-01',
    );
    expect(sink.list()).toEqual([]);
    expect(r.documents.map((d) => [d.label, d.account, d.net, d.tax])).toEqual([
      ['SI 4600', 'ACME01', 95833, 19167],
      ['SC 4601', 'ACME01', 83333, 16667],
    ]);
    expect(r.total).toBe(15000);
    const inv = r.documents[0].operation;
    expect(inv.op === 'invoice' && inv.doc.lines.map((l) => [l.net, l.tax, l.department])).toEqual([
      [33333, 6667, 10],
      [33333, 6667, 10],
      [29167, 5833, 10],
    ]);
  });

  it('without split invoicing posts SI and SC with the Manage number as reference', () => {
    const { m } = mapper();
    const r = translateInvoice(
      { tx: tx('460', [line(100), line(-40)], 72, 12) },
      m,
      { ...SPLIT, splitInvoicing: false },
      '2025-05-01',
    );
    expect(r.documents.map((d) => [d.label, d.key])).toEqual([
      ['SI 460', { doc: 'transaction', type: 'SI', reference: '460', account: 'ACME01' }],
      ['SC 460', { doc: 'transaction', type: 'SC', reference: '460', account: 'ACME01' }],
    ]);
    expect(r.documents.map((d) => [d.net, d.tax])).toEqual([
      [10000, 2000],
      [4000, 800],
    ]);
  });

  it("posts a foreign-currency invoice in its currency with Sage's rate", () => {
    const { m } = mapper();
    const r = translateInvoice(
      {
        tx: tx('9', [line(880)], 880, 0, {
          currency: { currencyCode: 'EUR' },
          taxLevels: [{ taxLevel: 1, taxCodeXref: 'T9', taxAmount: 0 }],
        }),
      },
      m,
      SPLIT,
      '2025-05-01',
    );
    const op = r.documents[0].operation;
    expect(op.op === 'invoice' && [op.doc.currency, op.doc.exchangeRate, op.doc.lines[0].taxCode]).toEqual([
      'EUR',
      1.17,
      'T9',
    ]);
  });

  it('reports numbers Sage cannot hold, totals that do not add up and control accounts', () => {
    const { m, sink } = mapper();
    translateInvoice({ tx: tx('INV-1', [line(10)], 12, 2) }, m, SPLIT, '2025-05-01');
    translateInvoice({ tx: tx('2147483647', [line(10)], 12, 2) }, m, SPLIT, '2025-05-01');
    translateInvoice({ tx: tx('12', [line(10)], 13, 2) }, m, SPLIT, '2025-05-01');
    translateInvoice({ tx: tx('13', [line(10, { accountNumber: '1100' })], 12, 2) }, m, SPLIT, '2025-05-01');
    expect(sink.list().map((p) => p.code)).toEqual([
      'EXPORT_BAD_DOCUMENT_NUMBER',
      'EXPORT_BAD_DOCUMENT_NUMBER',
      'EXPORT_TOTAL_MISMATCH',
      'EXPORT_CONTROL_ACCOUNT',
    ]);
  });
});

describe('translateExpenseBill', () => {
  const bill: GLExportExpenseBill = {
    documentNumber: 'EXP1',
    documentDate: '2025-04-12T00:00:00Z',
    vendorNumber: 'jdoe01',
    member: { id: 1, name: 'Jane Doe' },
    currency: { currencyCode: 'GBP' },
    apAccountNumber: '2102',
    detail: [
      { id: [1], glTypeId: 'EE', accountNumber: '7400', total: 18.33, memo: 'Cables' },
      { id: [1], glTypeId: 'ET', accountNumber: '2102', total: 3.67, memo: 'VAT: Cables' },
      { id: [2], glTypeId: 'EE', accountNumber: '7400', total: 54, memo: 'Mileage' },
    ],
  };

  it('makes one PI split per expense with its VAT, inferring the tax code when the unposted record is gone', () => {
    const { m } = mapper();
    const r = translateExpenseBill(bill, new Map(), m, SPLIT, '2025-05-01');
    const op = r.documents[0].operation;
    expect(r.documents[0].label).toBe('PI EXP1');
    expect(op.op === 'transaction' && op.tx.splits.map((s) => [s.nominal, s.net, s.tax, s.taxCode])).toEqual([
      ['7400', 1833, 367, 'T1'],
      ['7400', 5400, 0, 'T0'],
    ]);
    expect(r.creations).toEqual([
      { kind: 'supplier', account: { ref: 'JDOE01', name: 'Jane Doe' }, mustExist: true, who: 'Jane Doe' },
    ]);
    expect(r.processedRecordIds).toEqual([1, 2]);
  });

  it('as a journal: debits per expense and VAT, one credit to the payable account, balanced', () => {
    const { m } = mapper();
    const r = translateExpenseBill(bill, new Map(), m, { ...SPLIT, expensesAsJournal: true }, '2025-05-01');
    const op = r.documents[0].operation;
    if (op.op !== 'journal') throw new Error('expected a journal');
    expect(op.journal.lines.map((l) => [l.nominal, l.debit, l.credit])).toEqual([
      ['7400', 1833, 0],
      ['2102', 367, 0],
      ['7400', 5400, 0],
      ['2102', 0, 7600],
    ]);
  });
});
