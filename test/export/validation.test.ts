/**
 * Mapping validation (core/export/validate-mappings.ts), end to end: one Manage record per rule, each reported with the record, what
 * is wrong and how to fix it; and a run with any problem fails as a whole — nothing posted, nothing created,
 * no Manage batch — with the problems in its error list.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoScenario } from '../../core/manage/sandbox/index.ts';
import { CO, expense, GL, invoice, procurement, scenario, TAX } from './scenarios.ts';
import { createWorld, demoSeed, USER, type World } from './world.ts';

const demo = demoScenario();
const level = (xref: string, taxLevel = 1) => ({
  id: 900 + taxLevel,
  taxLevel,
  taxRate: 20,
  rateType: 'Percent' as const,
  caption: 'VAT',
  taxCodeXref: xref,
});
const tax = (id: number, identifier: string, levels: ReturnType<typeof level>[]) => ({
  id,
  identifier,
  description: identifier,
  invoiceCaption: identifier,
  effectiveDate: '2011-01-01T00:00:00Z',
  levels,
});

/** Unposted id → the problem code it must raise (and nothing else). */
const EXPECTED: Record<number, string> = {
  1: 'EXPORT_NO_ACCOUNT_NUMBER',
  2: 'EXPORT_BAD_ACCOUNT_REF',
  3: 'EXPORT_NOMINAL_UNKNOWN',
  4: 'EXPORT_CONTROL_ACCOUNT',
  5: 'EXPORT_NO_TAX_XREF',
  6: 'EXPORT_TAX_CODE_UNKNOWN',
  7: 'EXPORT_TAX_MULTI_LEVEL',
  8: 'EXPORT_DEPARTMENT_UNKNOWN',
  9: 'EXPORT_PROJECT_TOO_LONG',
  10: 'EXPORT_PROJECT_UNKNOWN',
  11: 'EXPORT_CURRENCY_UNKNOWN',
  12: 'EXPORT_BAD_DOCUMENT_NUMBER',
  13: 'EXPORT_PRODUCT_TYPE_XREF',
  14: 'EXPORT_PRODUCT_ACCOUNTS',
  15: 'EXPORT_NUMBER_TAKEN',
  16: 'EXPORT_CURRENCY_MISMATCH',
};

function brokenScenario() {
  const s = scenario({
    invoices: [
      invoice(1, '501', [{ amount: 100 }], { companyId: CO.noAccount }),
      invoice(2, '502', [{ amount: 100 }], { companyId: 40 }),
      invoice(3, '503', [{ amount: 100, glAccountId: GL.licences }]),
      invoice(4, '504', [{ amount: 100, glAccountId: GL.control }]),
      invoice(5, '505', [{ amount: 100 }], { taxCodeId: 6 }),
      invoice(6, '506', [{ amount: 100 }], { taxCodeId: 7 }),
      invoice(7, '507', [{ amount: 100 }], { taxCodeId: 8 }),
      invoice(8, '508', [{ amount: 100, glAccountId: 118 }]),
      invoice(9, '509', [{ amount: 100 }], { project: { id: 702, name: 'Office 365 Migration Phase 2' } }),
      invoice(10, '510', [{ amount: 100 }], { project: { id: 704, name: 'NEWPROJ' } }),
      invoice(11, '511', [{ amount: 100 }], { currencyCode: 'CHF' }),
      invoice(12, 'INV-77', [{ amount: 100 }]),
      invoice(13, '513', [{ amount: 100, glAccountId: GL.hardware, kind: 'Product', catalogItemId: 209 }]),
      invoice(14, '514', [{ amount: 100, glAccountId: GL.misc, kind: 'Product', catalogItemId: 205 }]),
      invoice(15, '499', [{ amount: 100 }]),
      invoice(16, '516', [{ amount: 100 }], { companyId: CO.bramble }),
    ],
    // 2203: a tax code only the unposted expense names (the GL export's bill does not carry it).
    expenses: [expense(2201, 5, 23, 0), expense(2202, 3, 40, 8), expense(2203, 1, 60, 12, { taxCodeId: 8 })],
    procurement: [
      procurement(3101, {
        type: 'Purchase',
        date: '2025-04-08',
        description: 'Dock',
        catalogItemId: 207,
        quantity: 1,
        unitCost: 131.2,
        purchaseOrderId: 9,
        packingSlip: 'PS-1',
        taxCodeId: TAX.standard,
      }),
    ],
  });
  s.companies = [
    ...demo.companies,
    { id: 40, identifier: 'BadRef', name: 'Bad Ref Ltd', accountNumber: 'BAD REF 123' },
    { id: 41, identifier: 'NoXref', name: 'No Xref Supplies', isVendorFlag: true },
  ];
  s.taxCodes = [
    ...demo.taxCodes,
    tax(6, 'NOXREF', [level('')]),
    tax(7, 'ODD', [level('T77')]),
    tax(8, 'MULTI', [level('T1'), level('T1', 2)]),
  ];
  s.glAccounts = [
    ...demo.glAccounts,
    {
      id: 118,
      glType: 'R',
      mappedType: { id: 1, name: 'Work Role: X' },
      mappedRecord: { id: 1, name: 'X' },
      segment1: '4000',
      segment2: 'NOPE',
    },
  ];
  s.productTypes = [...demo.productTypes, { id: 5, name: 'Miscellaneous' }];
  s.catalog = [
    ...demo.catalog,
    {
      id: 209,
      identifier: 'ODD-ITEM',
      description: 'Odd item',
      type: { id: 5, name: 'Miscellaneous' },
      price: 1,
      cost: 1,
    },
  ];
  s.batches = [{ id: 50, batchIdentifier: 'TAKEN-1', exportInvoicesFlag: true }];
  s.purchaseOrders = [
    ...demo.purchaseOrders,
    { ...demo.purchaseOrders[0], id: 9, poNumber: '109', vendorCompany: { id: 41, name: 'No Xref Supplies' } },
  ];
  return s;
}

let world: World;
beforeAll(async () => {
  const seed = demoSeed({ customers: [{ ref: 'BRAMB01', name: 'Bramble & Hart', currency: 'EUR' }] });
  seed.suppliers = seed.suppliers!.filter((x) => x.ref !== 'PKHAN01');
  world = await createWorld({ scenario: brokenScenario(), seed });
  await world.app.withLedger(async (l) => {
    await l.createCustomer({ ref: 'OTHER01', name: 'Someone else' });
    await l.createInvoice({
      kind: 'invoice',
      format: 'product',
      number: 4990,
      account: 'OTHER01',
      date: '2025-04-01',
      lines: [
        {
          stockCode: 'S1',
          description: 'x',
          quantity: 1,
          unitPrice: 500,
          net: 500,
          tax: 100,
          taxCode: 'T1',
          nominal: '4000',
        },
      ],
    });
  });
});
afterAll(() => world.close());

describe('mapping validation', () => {
  it('reports every invoice mapping problem on its record, with a fix', async () => {
    const preview = await world.app.engine.preview('invoices', { user: USER });
    for (const [id, code] of Object.entries(EXPECTED)) {
      const mine = preview.problems.filter((p) => p.manageId === Number(id));
      expect(
        mine.map((p) => p.code),
        `invoice ${id}`,
      ).toEqual([code]);
      expect(mine[0].fix.length).toBeGreaterThan(20);
      expect(preview.transactions.find((t) => t.manageId === Number(id))?.status).toBe('problem');
    }
    const noAccount = preview.problems.find((p) => p.code === 'EXPORT_NO_ACCOUNT_NUMBER')!;
    expect(noAccount.fix).toBe(
      'Set the Account field on Finance > Company Finance for Harbour Lights Cafe to a Sage A/C ref (max 8 characters, letters and digits).',
    );
    expect(preview.problems.find((p) => p.code === 'EXPORT_CONTROL_ACCOUNT')!.message).toContain(
      'a control account. To post this transaction, you must enter a valid nominal code that is not a control account.',
    );
  });

  it('reports members without a vendor number or without a Sage supplier, and vendors without an xref', async () => {
    const exp = await world.app.engine.preview('expenses', { user: USER });
    expect(exp.problems.map((p) => [p.manageId, p.code]).sort()).toEqual([
      [2201, 'EXPORT_NO_VENDOR_NUMBER'],
      [2202, 'EXPORT_MEMBER_SUPPLIER_UNKNOWN'],
      [2203, 'EXPORT_TAX_MULTI_LEVEL'],
    ]);
    expect(exp.problems.find((p) => p.code === 'EXPORT_MEMBER_SUPPLIER_UNKNOWN')!.message).toContain('PKHAN01');
    const inv = await world.app.engine.preview('inventory', { user: USER });
    expect(inv.problems.map((p) => [p.manageId, p.code])).toEqual([[3101, 'EXPORT_NO_VENDOR_XREF']]);
  });

  it('fails the whole batch: nothing posted, nothing created, no Manage batch, problems in the error list', async () => {
    const before = world.sageExport();
    const result = await world.app.engine.run('invoices', { user: USER, batchId: 'BROKEN-I' });
    expect(result.outcome).toBe('failed');
    expect(result.posted).toEqual([]);
    expect(result.problems.length).toBeGreaterThanOrEqual(Object.keys(EXPECTED).length);
    const after = world.sageExport();
    expect(after.invoices).toEqual(before.invoices);
    expect(after.customers).toEqual(before.customers);
    expect(after.products).toEqual(before.products);
    expect([...world.app.sandbox!.state.batches.values()].map((b) => b.batchIdentifier)).toEqual(['TAKEN-1']);
    expect(readFileSync(result.errorListPath!, 'utf8')).toContain('EXPORT_CONTROL_ACCOUNT');
    expect(readFileSync(result.logPath!, 'utf8')).toContain('PROBLEM');
  });

  it('refuses bad and taken batch ids with clear messages', async () => {
    await expect(world.app.engine.checkBatchId('has space')).rejects.toMatchObject({ code: 'EXPORT_BAD_BATCH_ID' });
    await expect(world.app.engine.run('invoices', { user: USER, batchId: 'x'.repeat(51) })).rejects.toMatchObject({
      code: 'EXPORT_BAD_BATCH_ID',
      message: expect.stringContaining('50'),
    });
    await expect(world.app.engine.run('invoices', { user: USER, batchId: 'TAKEN-1' })).rejects.toMatchObject({
      code: 'EXPORT_BATCH_EXISTS',
    });
    const preview = await world.app.engine.preview('invoices', { user: { id: 't', name: 'Tom Jones' }, include: [1] });
    expect(preview.suggestedBatchId).toMatch(/^\d{8}TJ-I$/);
  });
});
