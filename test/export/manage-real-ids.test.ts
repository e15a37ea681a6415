/**
 * The Manage ids of a run as real Manage has them, end to end over loopback HTTP: procurement selected by its
 * composite unpostedProductId, string adjustment ids resolved to the unposted record, purchase tax lines
 * batched, glInterfaceIdentifier on export and batch requests, a selected record the export leaves out named
 * before anything is posted, and the batch read back after writing (a record still unposted is named, the
 * run stays open, resume closes it once Manage agrees, and nothing reaches Sage twice).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { batchRequest } from '../../core/manage/record-ids.ts';
import { demoScenario } from '../../core/manage/sandbox/index.ts';
import { guide460, invoice, scenario } from './scenarios.ts';
import { createWorld, USER, type World } from './world.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const posts = (w: World, path: string) =>
  w.app.sandbox!.requests.filter((r) => r.method === 'POST' && r.path === path).map((r) => r.body as any);

describe('procurement by unpostedProductId', () => {
  it('selects an adjustment and a receipt by their composite ids and batches them, tax lines included', async () => {
    world = await createWorld({ scenario: scenario({ procurement: demoScenario().procurement }) });
    const { engine, sandbox } = world.app;
    const result = await engine.run('inventory', { user: USER, batchId: 'P-1', include: [3001, 3002, 3005] });
    expect(result.outcome).toBe('completed');
    const exports = posts(world, 'finance/accounting/export');
    expect(exports.at(-1).includedProductIds).toEqual(['3001-102-purchase', '3002-102-purchase', '3101-adjustment']);
    const batch = [...sandbox!.state.batches.values()][0];
    // PO 102's two lines with their own tax lines, and the adjustment "ADJ #3101" by its unposted id.
    expect([...batch.processedRecordIds].sort()).toEqual([3001, 3002, 3005, 503001, 503002]);
    expect(sandbox!.state.unpostedProcurement().map((p) => p.id)).toEqual([3003, 3004, 3006, 3007]);
    expect(result.posted.map((p) => p.manageId).sort()).toEqual([3001, 3005]);
  });

  it('a selected record the GL export does not return is a problem before anything is posted', async () => {
    const sc = scenario({ procurement: demoScenario().procurement });
    sc.settings = { ...sc.settings, exportLeavesOut: [3006] } as typeof sc.settings;
    world = await createWorld({ scenario: sc });
    const { engine, sandbox } = world.app;
    const preview = await engine.preview('inventory', { user: USER });
    const problem = preview.problems.find((p) => p.code === 'EXPORT_NOT_EXPORTED');
    expect(problem).toMatchObject({ manageId: 3006, record: 'Adjustment 3102-adjustment' });
    expect(problem?.message).toMatch(/did not return it/);
    const result = await engine.run('inventory', { user: USER, batchId: 'P-2' });
    expect(result.outcome).toBe('failed');
    expect(result.posted).toEqual([]);
    expect(sandbox!.state.batches.size).toBe(0);
    expect(world.sageExport().purchaseOrders ?? []).toEqual([]);
  });
});

describe('glInterfaceIdentifier', () => {
  it("is sent equal to the batch identifier on the run's export and batch requests", async () => {
    world = await createWorld({ scenario: scenario({ invoices: [guide460()] }) });
    const result = await world.app.engine.run('invoices', { user: USER, batchId: 'I-GLI' });
    expect(result.outcome).toBe('completed');
    const exports = posts(world, 'finance/accounting/export');
    expect(exports.length).toBeGreaterThan(0);
    for (const e of exports) expect(e).toMatchObject({ batchIdentifier: 'I-GLI', glInterfaceIdentifier: 'I-GLI' });
    expect(posts(world, 'finance/accounting/batches')).toEqual([
      expect.objectContaining({ batchIdentifier: 'I-GLI', glInterfaceIdentifier: 'I-GLI' }),
    ]);
  });
});

describe('the batch read back after writing', () => {
  it('names an invoice Manage still lists as unposted, keeps the run open, and resume closes it without reposting', async () => {
    const invoices = [guide460(), invoice(871470, '470', [{ amount: 100 }])];
    const sc = scenario({ invoices });
    // A Manage that wants the detail line ids as well: sending glEntryIds alone leaves the invoices unposted.
    sc.settings = { ...sc.settings, invoiceBatchIds: 'glEntryAndDetailIds' } as typeof sc.settings;
    world = await createWorld({ scenario: sc });
    const { engine, sandbox, manage } = world.app;
    const result = await engine.run('invoices', { user: USER, batchId: 'I-LEFT' });
    expect(result.outcome).toBe('partial');
    expect(result.manageBatchId).toBeDefined();
    expect(result.posted.map((p) => p.number).sort()).toEqual(['460', '470']);
    const left = result.problems.filter((p) => p.code === 'EXPORT_STILL_UNPOSTED');
    expect(left.map((p) => [p.manageId, p.record])).toEqual([
      [871460, 'Agreement 460'],
      [871470, 'Standard 470'],
    ]);
    expect(left[0].fix).toMatch(/sagebot resume/);
    const sageCount = () => world!.sageExport().invoices.length;
    const before = sageCount();
    expect(before).toBe(3); // 4600, 4601, 4700

    // Still unposted: resume checks again, posts nothing, stays open.
    const again = await engine.resume();
    expect(again.map((r) => [r.batch, r.outcome])).toEqual([['I-LEFT', 'partial']]);
    expect(sageCount()).toBe(before);

    // The admin batches what is left by hand in Manage; resume now finds the batch whole and closes the run.
    const detailIds = sandbox!.state.scenario.invoices.flatMap((i) => i.lines.map((l) => l.id + 9_000_000));
    await manage.createBatch(batchRequest('invoices', 'I-LEFT-HAND', detailIds));
    expect(sandbox!.state.unpostedInvoices()).toEqual([]);
    const closed = await engine.resume();
    expect(closed.map((r) => [r.batch, r.outcome, r.problems])).toEqual([['I-LEFT', 'completed', []]]);
    expect(sageCount()).toBe(before);
    expect(await engine.resume()).toEqual([]);
    expect([...sandbox!.state.batches.values()].map((b) => b.batchIdentifier)).toEqual(['I-LEFT', 'I-LEFT-HAND']);
  });
});

describe('one odd value on one live record', () => {
  it('makes that record a problem named with its number; the rest is previewed and posted', async () => {
    const sc = scenario({ invoices: [guide460(), invoice(871470, '470', [{ amount: 100 }])] });
    sc.settings = {
      ...sc.settings,
      oddValues: [
        { path: 'finance/accounting/unpostedinvoices', id: 871470, field: 'invoiceType', value: 'Progress2' },
      ],
    } as typeof sc.settings;
    world = await createWorld({ scenario: sc });
    const { engine } = world.app;
    const preview = await engine.preview('invoices', { user: USER });
    expect(preview.problems).toEqual([
      expect.objectContaining({
        manageId: 871470,
        record: 'Invoice 470',
        code: 'EXPORT_NOT_UNDERSTOOD',
        message: "Invoice 470: not understood: invoiceType 'Progress2'.",
      }),
    ]);
    expect(preview.transactions.map((t) => [t.number, t.status])).toEqual([
      ['460', 'transfer'],
      ['470', 'problem'],
    ]);
    // Held back alone: the rest posts and is batched, the odd record stays unposted in Manage for the next run.
    const result = await engine.run('invoices', { user: USER, batchId: 'I-ODD' });
    expect(result.outcome).toBe('partial');
    expect(result.posted.map((p) => p.number)).toEqual(['460']);
    expect(result.failed.map((f) => [f.number, f.code])).toEqual([['470', 'EXPORT_NOT_UNDERSTOOD']]);
    expect(world.app.sandbox!.state.unpostedInvoices().map((i) => i.id)).toEqual([871470]);
    expect(
      world
        .sageExport()
        .invoices.map((i: any) => i.number)
        .sort(),
    ).toEqual([4600, 4601]);
  });
});
