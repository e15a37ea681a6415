/**
 * Expenses and procurement end to end (sandbox over HTTP → embedded Sage): reimbursable expenses as supplier
 * invoices (PI) on the member's supplier and, with the optional module, as a balanced journal; item receipts
 * as purchase orders, adjustments as AI/AO, a warehouse transfer as a paired AO/AI — to the penny, with the
 * Manage batch holding exactly the transferred records.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { demoProcurement } from '../../core/manage/sandbox/demo-transactions.ts';
import { expense, GL, scenario } from './scenarios.ts';
import { createWorld, demoSeed, USER, type World } from './world.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const expenses = () => [
  expense(2101, 1, 110, 22, { description: 'Hotel, Manchester', glAccountId: GL.hotels }),
  expense(2102, 1, 14.5, 2.9, { description: 'Subsistence', glAccountId: GL.subsistence }),
  expense(2103, 2, 18.33, 3.67, { description: 'USB cables', glAccountId: GL.stationery }),
  expense(2104, 2, 54, 0, { description: 'Mileage', glAccountId: GL.travel }),
  expense(2105, 2, 45, 9, { classification: 'NonReimbursable', description: 'Fuel (company card)' }),
];

describe('expenses into Sage', () => {
  it('reimbursable → PI on the member supplier, each expense to its nominal with its VAT; non-reimbursable skipped', async () => {
    world = await createWorld({ scenario: scenario({ expenses: expenses() }) });
    const { engine, sandbox } = world.app;
    const preview = await engine.preview('expenses', { user: USER });
    expect(preview.problems).toEqual([]);
    expect(preview.transactions.map((t) => [t.number, t.status, t.documents.map((d) => d.label)])).toEqual([
      ['EXP2101', 'transfer', ['PI EXP2101']],
      ['EXP2103', 'transfer', ['PI EXP2103']],
      ['2105', 'skip', []],
    ]);
    const result = await engine.run('expenses', { user: USER, batchId: '20250430JD-E' });
    expect(result.outcome).toBe('completed');
    // Read back from Sage: every document the run sent is there as sent (journals, POs, stock movements too).
    expect(result.reconciliation?.differences).toEqual([]);
    expect(result.reconciliation).toMatchObject({ checked: true, reconciled: true });
    expect(result.skipped).toEqual([expect.objectContaining({ manageId: 2105, sage: [] })]);
    const pis = world.sageExport().transactions.filter((t: any) => t.type === 'PI');
    expect(pis).toHaveLength(2);
    const jane = pis.find((t: any) => t.account === 'JDOE01');
    expect(jane).toMatchObject({ reference: 'EXP2101', net: 124.5, tax: 24.9 });
    expect(jane.splits.map((s: any) => [s.nominal, s.net, s.tax, s.taxCode])).toEqual([
      ['7402', 110, 22, 'T1'],
      ['7406', 14.5, 2.9, 'T1'],
    ]);
    const alex = pis.find((t: any) => t.account === 'ASMITH01');
    expect(alex.splits.map((s: any) => [s.nominal, s.net, s.tax, s.taxCode])).toEqual([
      ['7500', 18.33, 3.67, 'T1'],
      ['7400', 54, 0, 'T0'],
    ]);
    const batch = [...sandbox!.state.batches.values()][0];
    expect(batch).toMatchObject({ batchIdentifier: '20250430JD-E', exportExpensesFlag: true });
    // Each expense with its VAT line, which carries a GL entry id of its own.
    expect([...batch.processedRecordIds].sort()).toEqual([2101, 2102, 2103, 2104, 502101, 502102, 502103]);
    expect(sandbox!.state.unpostedExpenses().map((e) => e.id)).toEqual([2105]);
  });

  it('expenses as a balanced nominal journal (optional module)', async () => {
    const sc = scenario({ expenses: expenses().slice(0, 2) });
    sc.settings = { ...sc.settings, apAccount: '2102', purchaseTaxAccount: '2205' } as typeof sc.settings;
    world = await createWorld({
      scenario: sc,
      seed: demoSeed({ nominals: [{ code: '2205', name: 'VAT on expenses' }] }),
    });
    await world.app.engine.updateSettings({ expensesAsJournal: true }, { user: USER });
    const result = await world.app.engine.run('expenses', { user: USER, batchId: 'J-E' });
    expect(result.outcome).toBe('completed');
    // Read back from Sage: every document the run sent is there as sent (journals, POs, stock movements too).
    expect(result.reconciliation?.differences).toEqual([]);
    expect(result.reconciliation).toMatchObject({ checked: true, reconciled: true });
    expect(result.posted[0].sage).toEqual(['JD EXP2101']);
    const lines = world.sageExport().transactions.filter((t: any) => t.reference === 'EXP2101');
    expect(lines.map((t: any) => [t.type, t.account, t.net])).toEqual([
      ['JD', '7402', 110],
      ['JD', '2205', 22],
      ['JD', '7406', 14.5],
      ['JD', '2205', 2.9],
      ['JC', '2102', 149.4],
    ]);
  });
});

describe('procurement into Sage', () => {
  it('item receipts → POs (order no = PO number, ref = vendor invoice), adjustments → AI/AO, transfer → AO+AI', async () => {
    world = await createWorld({ scenario: scenario({ procurement: demoProcurement() }) });
    const { engine, sandbox } = world.app;
    const preview = await engine.preview('inventory', { user: USER });
    expect(preview.problems).toEqual([]);
    expect(preview.creations.suppliers.sort()).toEqual(['DELL01', 'EXERTIS1', 'INGRAM01']);
    const result = await engine.run('inventory', { user: USER, batchId: '20250430JD-P' });
    expect(result.outcome).toBe('completed');
    // Read back from Sage: every document the run sent is there as sent (journals, POs, stock movements too).
    expect(result.reconciliation?.differences).toEqual([]);
    expect(result.reconciliation).toMatchObject({ checked: true, reconciled: true });
    expect(result.posted.map((p) => p.sage)).toEqual([
      ['PO 102'],
      ['PO 103'],
      ['PO 104'],
      ['AI ADJ #3101'],
      ['AO ADJ #3102'],
      ['AO TRF-3201', 'AI TRF-3201'],
    ]);
    const ex = world.sageExport();
    const po = (n: number) => ex.purchaseOrders.find((p: any) => p.number === n);
    expect(po(102)).toMatchObject({ supplier: 'DELL01', reference: '12345', net: 1960, tax: 392 });
    expect(po(102).lines.map((l: any) => [l.stockCode, l.quantity, l.unitCost, l.net, l.tax])).toEqual([
      ['LAP-DELL-5440', 2, 820, 1640, 328],
      ['MON-DELL-P2723', 2, 160, 320, 64],
    ]);
    expect(po(103).reference ?? '').toBe('');
    expect(po(103)).toMatchObject({ net: 668.5, tax: 131.2 });
    expect(po(104)).toMatchObject({ reference: 'EX-99812', net: 339.96, tax: 67.99 });
    const st = ex.stockTransactions
      .filter((s: any) => s.type === 'AI' || s.type === 'AO')
      .map((s: any) => [s.type, s.stockCode, s.quantity, s.cost, s.reference]);
    expect(st).toEqual([
      ['AI', 'MON-DELL-P2723', 1, 160, 'ADJ #3101'],
      ['AO', 'LAP-DELL-5440', 1, 820, 'ADJ #3102'],
      ['AO', 'SSD-1TB', 2, 84.99, 'TRF-3201'],
      ['AI', 'SSD-1TB', 2, 84.99, 'TRF-3201'],
    ]);
    expect(ex.products.find((p: any) => p.code === 'LAP-DELL-5440')).toMatchObject({ itemType: 'stock' });
    const batch = [...sandbox!.state.batches.values()][0];
    expect(batch).toMatchObject({ exportProductsFlag: true });
    // Receipt lines with their own tax lines; the adjustments and the transfer by their unposted ids.
    expect([...batch.processedRecordIds].sort()).toEqual([
      3001, 3002, 3003, 3004, 3005, 3006, 3007, 503001, 503002, 503003, 503004,
    ]);
    expect(sandbox!.state.unpostedProcurement()).toEqual([]);
  });
});
