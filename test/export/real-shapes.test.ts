/**
 * Expenses and procurement in the shapes real Manage sends (tax lines with ids of their own, string adjustment
 * ids such as "ADJ #3101", composite unpostedProductId), translated to the penny: every tax line reaches its
 * line, every document is checked against Manage's totals, every adjustment line is a Sage document of its own,
 * and a document in Sage's locked period is held back before posting.
 */
import { describe, expect, it } from 'vitest';
import type { PlannedRecord } from '../../core/export/plan-types.ts';
import { batchProblems, createProblemSink } from '../../core/export/problems.ts';
import { translateSelection } from '../../core/export/translate.ts';
import { translateExpenseBill } from '../../core/export/translate-expense.ts';
import type { Settings } from '../../core/export/types.ts';
import { createMapper } from '../../core/export/validate-mappings.ts';
import { checkLockDate } from '../../core/export/validate-parties.ts';
import type {
  GLExport,
  GLExportExpenseBill,
  GLExportPurchaseTransaction,
  UnpostedProcurement,
} from '../../core/manage/models.ts';
import type { LedgerSetup } from '../../core/sage/ledger.ts';

const setup: LedgerSetup = {
  companyName: 'T',
  baseCurrency: 'GBP',
  financialYearStart: '2025-01-01',
  controlAccounts: {},
  taxCodes: [
    { code: 'T0', rate: 0, description: 'Zero' },
    { code: 'T1', rate: 20, description: 'Standard' },
  ],
  nominals: ['1001', '5000', '7400', '7402', '2102', '2201', '23100'].map((code) => ({
    code,
    name: code,
    control: false,
  })),
  departments: [],
  projects: [],
  currencies: [{ code: 'GBP', name: 'Pound', rate: 1, base: true }],
};
const SETTINGS: Settings = { splitInvoicing: true, serviceInvoicing: false, expensesAsJournal: false };

function mapper(settings = SETTINGS) {
  const sink = createProblemSink();
  return { sink, m: createMapper({ setup, settings, taxCodes: [], productTypes: [], catalog: [] }, sink) };
}

const noExport: GLExport = {
  vendors: [],
  customers: [],
  transactions: [],
  expenses: [],
  expenseBills: [],
  purchaseTransactions: [],
  adjustmentTransactions: [],
  inventoryTransfers: [],
};

function procurement(glExport: Partial<GLExport>, unposted: UnpostedProcurement[] = []) {
  const { m, sink } = mapper();
  const records = translateSelection(
    { kind: 'inventory', glExport: { ...noExport, ...glExport }, unposted, settings: SETTINGS, today: '2025-05-01' },
    m,
  );
  return { records, sink, m };
}

/** A Manage expense bill whose VAT lines carry ids of their own (7001, 7002), not their expenses' ids. */
const bill = (total?: number): GLExportExpenseBill => ({
  id: 55,
  documentNumber: 'EXP2101',
  documentDate: '2025-04-12T00:00:00Z',
  vendorNumber: 'jdoe01',
  member: { id: 1, name: 'Jane Doe' },
  currency: { currencyCode: 'GBP' },
  apAccountNumber: '2102',
  total,
  detail: [
    { id: [2101], glTypeId: 'EE', accountNumber: '7402', total: 110, memo: 'Hotel' },
    { id: [7001], glTypeId: 'ET', accountNumber: '23100', total: 22, memo: 'VAT' },
    { id: [2102], glTypeId: 'EE', accountNumber: '7400', total: 14.5, memo: 'Subsistence' },
    { id: [7002], glTypeId: 'ET', accountNumber: '23100', total: 2.9, memo: 'VAT' },
  ],
});

describe('expense bills with tax lines of their own', () => {
  it('joins each VAT line to its expense (no EXPORT_NO_GL_ACCOUNT), one split per expense', () => {
    const { m, sink } = mapper();
    const r = translateExpenseBill(bill(149.4), new Map(), m, SETTINGS, '2025-05-01');
    expect(sink.list()).toEqual([]);
    const op = r.documents[0].operation;
    expect(op.op === 'transaction' && op.tx.splits.map((s) => [s.nominal, s.net, s.tax, s.taxCode])).toEqual([
      ['7402', 11000, 2200, 'T1'],
      ['7400', 1450, 290, 'T1'],
    ]);
    expect([r.manageId, r.recordIds, r.number, r.total]).toEqual([2101, [2101, 2102], 'EXP2101', 14940]);
  });

  it('as a journal, the VAT goes to the VAT line account of its own expense', () => {
    const { m, sink } = mapper({ ...SETTINGS, expensesAsJournal: true });
    const r = translateExpenseBill(bill(149.4), new Map(), m, { ...SETTINGS, expensesAsJournal: true }, '2025-05-01');
    expect(sink.list()).toEqual([]);
    const op = r.documents[0].operation;
    expect(op.op === 'journal' && op.journal.lines.map((l) => [l.nominal, l.debit, l.credit])).toEqual([
      ['7402', 11000, 0],
      ['23100', 2200, 0],
      ['7400', 1450, 0],
      ['23100', 290, 0],
      ['2102', 0, 14940],
    ]);
  });

  it("holds the bill back when it does not come to Manage's total, with both figures", () => {
    const { m, sink } = mapper();
    translateExpenseBill(bill(150), new Map(), m, SETTINGS, '2025-05-01');
    expect(sink.list()).toEqual([
      expect.objectContaining({
        manageId: 2101,
        record: 'Expense bill EXP2101',
        code: 'EXPORT_TOTAL_MISMATCH',
        blocks: 'record',
        message: expect.stringMatching(/GBP 149\.40 \(net GBP 124\.50 \+ VAT GBP 24\.90\).*GBP 150\.00/),
      }),
    ]);
    expect(sink.heldBy(2101)).toHaveLength(1);
  });
});

/** PO 102 as real Manage sends it: tax lines with ids of their own, linked by line number. */
function po102(taxLineShape: 'lineNumber' | 'item' | 'none', total = 2262): GLExportPurchaseTransaction {
  const line = (id: number, lineNumber: number, code: string, quantity: number, cost: number) => ({
    id,
    lineNumber,
    item: { id: lineNumber + 200, identifier: code },
    quantity,
    itemCost: cost,
    total: quantity * cost,
    accountNumber: '1001',
    costAccountNumber: '5000',
    inventoryAccountNumber: '1001',
    taxCodeXref: 'T1',
  });
  const detail = [line(3201, 1, 'LAP-DELL-5440', 2, 820), line(3202, 2, 'DOCK-WD19S', 1, 245)];
  const tax = (own: number, d: (typeof detail)[number], amount: number) => ({
    id: own,
    ...(taxLineShape === 'lineNumber' ? { lineNumber: d.lineNumber } : {}),
    ...(taxLineShape === 'item' ? { item: d.item } : {}),
    accountNumber: '2201',
    total: amount,
  });
  return {
    id: 'PO #102, Packing Slip: PS-5501',
    documentNumber: '102',
    documentDate: '2025-04-08T00:00:00Z',
    vendorAccountNumber: 'DELL01',
    company: { id: 9, name: 'Dell' },
    currency: { currencyCode: 'GBP' },
    taxLevels: [{ taxLevel: 1, taxCodeXref: 'T1' }],
    total,
    purchaseDetail: detail,
    purchaseDetailTax: [tax(9101, detail[0], 328), tax(9102, detail[1], 49)],
  };
}

describe('purchase orders whose tax lines have ids of their own', () => {
  it.each(['lineNumber', 'item'] as const)('PO 102 posts VAT 377.00, each line its own (linked by %s)', (shape) => {
    const { records, sink } = procurement({ purchaseTransactions: [po102(shape)] });
    expect(sink.list()).toEqual([]);
    const [r] = records;
    expect([r.number, r.documents[0].label, r.net, r.tax, r.total]).toEqual(['102', 'PO 102', 188500, 37700, 226200]);
    const op = r.documents[0].operation;
    expect(op.op === 'purchaseOrder' && op.po.lines.map((l) => [l.stockCode, l.net, l.tax])).toEqual([
      ['LAP-DELL-5440', 164000, 32800],
      ['DOCK-WD19S', 24500, 4900],
    ]);
  });

  it('a tax line that links to no receipt line holds the PO back instead of dropping its VAT', () => {
    const { sink } = procurement({ purchaseTransactions: [po102('none')] });
    expect(sink.list()[0].message).toContain('328.00 (id 9101, line none), 49.00 (id 9102, line none)');
    expect(sink.list().map((p) => [p.code, p.manageId, p.blocks])).toEqual([
      ['EXPORT_TAX_UNMATCHED', 3201, 'record'],
      ['EXPORT_TOTAL_MISMATCH', 3201, 'record'],
    ]);
  });

  it("a PO that does not come to Manage's header total is held back with the figures", () => {
    const { sink } = procurement({ purchaseTransactions: [po102('lineNumber', 2262.01)] });
    expect(sink.list()).toEqual([
      expect.objectContaining({
        record: 'Purchase order 102',
        code: 'EXPORT_TOTAL_MISMATCH',
        blocks: 'record',
        message: expect.stringMatching(/GBP 2,262\.00 .*GBP 2,262\.01 \(a difference of GBP 0\.01\)/),
      }),
    ]);
  });

  it('a second receipt of PO 102 in the batch is held back, never taken for the first', () => {
    const second = { ...po102('lineNumber'), id: 'PO #102, Packing Slip: PS-5502' };
    second.purchaseDetail = second.purchaseDetail!.map((d) => ({ ...d, id: (d.id ?? 0) + 10 }));
    const { records, sink } = procurement({ purchaseTransactions: [po102('lineNumber'), second] });
    expect(records.map((r) => [r.manageId, r.documents[0].label])).toEqual([
      [3201, 'PO 102'],
      [3211, 'PO 102'],
    ]);
    expect(sink.list().map((p) => [p.code, p.manageId, p.blocks])).toEqual([
      ['EXPORT_DUPLICATE_DOCUMENT', 3211, 'record'],
    ]);
  });

  it('names the PO by its number from the id text when the export has no documentNumber', () => {
    const { records } = procurement({ purchaseTransactions: [{ ...po102('lineNumber'), documentNumber: undefined }] });
    expect([records[0].number, records[0].documents[0].label]).toEqual(['102', 'PO 102']);
  });
});

const mouseAdjustment = (total2 = -24) => ({
  id: 'ADJ #3101',
  documentDate: '2025-04-10T00:00:00Z',
  adjustmentDescription: 'Stock count',
  adjustmentDetail: [
    {
      item: { id: 301, identifier: 'MOUSE-01' },
      quantity: 10,
      cost: 12,
      total: 120,
      inventoryAccountNumber: '1001',
      costAccountNumber: '5000',
    },
    {
      item: { id: 301, identifier: 'MOUSE-01' },
      quantity: -2,
      cost: 12,
      total: total2,
      inventoryAccountNumber: '1001',
      costAccountNumber: '5000',
    },
  ],
});
const unpostedAdjustment: UnpostedProcurement = {
  id: 3101,
  unpostedProductId: '3101-adjustment',
  procurementType: 'Adjustment',
};

describe('adjustments and transfers with string ids', () => {
  it('every adjustment line is its own Sage document; the record is the unposted one, named as users know it', () => {
    const { records, sink } = procurement({ adjustmentTransactions: [mouseAdjustment()] }, [unpostedAdjustment]);
    expect(sink.list()).toEqual([]);
    const [r] = records;
    expect([r.manageId, r.number, r.processedRecordIds, r.net]).toEqual([3101, 'ADJ #3101', [3101], 9600]);
    expect(r.documents.map((d) => [d.label, d.key, d.net])).toEqual([
      ['AI ADJ #3101/1', { doc: 'stock', type: 'AI', reference: 'ADJ #3101/1', stockCode: 'MOUSE-01' }, 12000],
      ['AO ADJ #3101/2', { doc: 'stock', type: 'AO', reference: 'ADJ #3101/2', stockCode: 'MOUSE-01' }, 2400],
    ]);
  });

  it('resolves "3-adjustment" ids through unpostedProductId; two transfers of one id get names of their own', () => {
    const transfer = { id: 'TRF #9', item: { identifier: 'SSD-1TB' }, quantity: 2, cost: 84.99, total: 169.98 };
    const { records, sink } = procurement(
      {
        adjustmentTransactions: [{ ...mouseAdjustment(), id: '7-adjustment' }],
        inventoryTransfers: [transfer, transfer],
      },
      [{ id: 77, unpostedProductId: '7-adjustment', procurementType: 'Adjustment' }],
    );
    expect(sink.list()).toEqual([]);
    expect(records.map((r) => [r.manageId, r.number, r.documents.map((d) => d.label)])).toEqual([
      [77, 'ADJ-7', ['AI ADJ-7/1', 'AO ADJ-7/2']],
      [9, 'TRF #9', ['AO TRF #9', 'AI TRF #9']],
      [9, 'TRF #9 (2)', ['AO TRF #9 (2)', 'AI TRF #9 (2)']],
    ]);
  });

  it("a line whose cost × quantity is not Manage's line total is held back", () => {
    const { sink } = procurement({ adjustmentTransactions: [mouseAdjustment(-24.5)] }, [unpostedAdjustment]);
    expect(sink.list()).toEqual([
      expect.objectContaining({
        manageId: 3101,
        record: 'Adjustment ADJ #3101 line 2',
        code: 'EXPORT_TOTAL_MISMATCH',
        blocks: 'record',
      }),
    ]);
  });
});

describe('held records', () => {
  it('a record-scoped problem stops the batch when it names no planned record (nothing could be held back)', () => {
    const held = { manageId: 7, record: 'Purchase order 7', code: 'EXPORT_TOTAL_MISMATCH', message: 'm', fix: 'f' };
    const problems = [{ ...held, blocks: 'record' as const }];
    expect(batchProblems(problems, [{ manageId: 7 }])).toEqual([]);
    expect(batchProblems(problems, [{ manageId: 8 }])).toEqual(problems);
  });
});

describe('the lock date', () => {
  it('holds back a record of every document type dated on or before it, naming both dates', () => {
    const { records, m, sink } = procurement(
      { purchaseTransactions: [po102('lineNumber')], adjustmentTransactions: [mouseAdjustment()] },
      [unpostedAdjustment],
    );
    const expenses: PlannedRecord[] = [false, true].map((asJournal) =>
      translateExpenseBill(bill(), new Map(), m, { ...SETTINGS, expensesAsJournal: asJournal }, '2025-05-01'),
    );
    const all = [...records, ...expenses];
    expect(all.flatMap((r) => r.documents.map((d) => d.operation.op))).toEqual([
      'purchaseOrder',
      'stock',
      'stock',
      'transaction',
      'journal',
    ]);
    checkLockDate(all, '2025-04-12', m);
    const locked = sink.list().filter((p) => p.code === 'SAGE_LOCKED_PERIOD');
    expect(locked.map((p) => [p.record, p.blocks])).toEqual([
      ['Purchase order 102', 'record'],
      ['Adjustment ADJ #3101', 'record'],
      ['Expense bill EXP2101', 'record'],
    ]);
    expect(locked[0].message).toContain("dated 2025-04-08, on or before the Sage company's lock date (2025-04-12)");
    expect(locked[0].fix).toMatch(/after 2025-04-12 .*lock date/);
  });
});
