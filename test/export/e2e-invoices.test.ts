/**
 * Invoices end to end: sandbox Manage over HTTP → export engine → embedded Sage company, for every Manage
 * invoice type and each invoicing module (split on, split off, service-type), checked to the penny in the
 * company export and in the Manage batch the sandbox recorded.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { everyInvoiceType, scenario } from './scenarios.ts';
import { createWorld, USER, type World } from './world.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const byNumber = (ex: Record<string, any>, n: number) => ex.invoices.find((i: any) => i.number === n);

describe('invoices into Sage', () => {
  it('split invoicing (default): positive lines → <n>0, negative lines → credit <n>1, every type to the penny', async () => {
    world = await createWorld({ scenario: scenario({ invoices: everyInvoiceType() }) });
    const { engine, sandbox } = world.app;
    const preview = await engine.preview('invoices', { user: USER });
    expect(preview.problems).toEqual([]);
    expect(preview.transactions.find((t) => t.number === '460')?.documents.map((d) => d.label)).toEqual([
      'SI 4600',
      'SC 4601',
    ]);
    expect(preview.creations.customers.sort()).toEqual(['ACME001', 'BRAMB01', 'CAVEN01', 'DUBLI01']);
    // Each account to create carries the name Sage will give it (the preview shows both).
    for (const ref of preview.creations.customers) expect(preview.creations.names?.[ref]).toMatch(/\S/);
    expect(preview.creations.names?.ACME001).not.toBe('ACME001');
    expect(preview.creations.products.sort()).toEqual(['DOCK-WD19', 'MON-DELL-P2723']);
    expect(preview.totalsByCurrency.EUR).toEqual({ count: 1, net: 88000, tax: 0, total: 88000 });
    const euroType = Object.keys(preview.totalsByType).find((k) => k.endsWith('(EUR)'));
    expect(euroType && preview.totalsByType[euroType]).toEqual({ count: 1, net: 88000, tax: 0, total: 88000 });

    const result = await engine.run('invoices', {
      user: USER,
      batchId: '20250430JD-I',
      expectedFingerprint: preview.fingerprint,
    });
    expect(result.outcome).toBe('completed');
    expect(result.failed).toEqual([]);
    expect(result.posted.find((p) => p.number === '460')?.sage).toEqual(['SI 4600', 'SC 4601']);
    expect(result.totalsByCurrency.EUR).toEqual({ count: 1, net: 88000, tax: 0, total: 88000 });
    const gbp = result.totalsByCurrency.GBP.total;
    // The EUR record converted to GBP, not added as euros: EUR 880.00 at the demo Sage company's 1.17 euros to the pound (core/sage/embedded/chart.ts) is GBP 752.14.
    expect(result.totals.total - gbp).toBe(75214);

    const ex = world.sageExport();
    const i4600 = byNumber(ex, 4600);
    expect(i4600).toMatchObject({ kind: 'invoice', account: 'ACME001', net: 958.33, tax: 191.67, gross: 1150 });
    expect(i4600.lines.map((l: any) => [l.net, l.tax, l.nominal, l.department, l.taxCode])).toEqual([
      [333.33, 66.67, '4020', 12, 'T1'],
      [333.33, 66.67, '4020', 12, 'T1'],
      [291.67, 58.33, '4000', 10, 'T1'],
    ]);
    expect(byNumber(ex, 4601)).toMatchObject({
      kind: 'credit',
      account: 'ACME001',
      net: 833.33,
      tax: 166.67,
      gross: 1000,
    });
    expect(byNumber(ex, 4610).lines.map((l: any) => [l.stockCode, l.net, l.tax])).toEqual([
      ['S1', 170, 34],
      ['DOCK-WD19', 189, 37.8],
    ]);
    expect(byNumber(ex, 4620)).toMatchObject({ account: 'BRAMB01', net: 65, tax: 13 });
    expect(byNumber(ex, 4630).lines[0]).toMatchObject({
      project: 'SRV-REFRESH',
      department: 11,
      nominal: '4010',
      net: 1500,
      tax: 300,
    });
    expect(byNumber(ex, 4641)).toMatchObject({ kind: 'credit', net: 229, tax: 45.8 });
    expect(byNumber(ex, 4640)).toBeUndefined();
    expect(byNumber(ex, 4650)).toMatchObject({
      currency: 'EUR',
      exchangeRate: 1.17,
      net: 880,
      tax: 0,
      account: 'DUBLI01',
    });
    expect(byNumber(ex, 4660).lines.map((l: any) => [l.net, l.tax, l.taxCode])).toEqual([
      [10.01, 0, 'T0'],
      [33.33, 6.67, 'T1'],
      [33.33, 6.66, 'T1'],
    ]);
    expect(ex.customers.find((c: any) => c.ref === 'DUBLI01')).toMatchObject({ currency: 'EUR' });
    expect(ex.products.find((p: any) => p.code === 'DOCK-WD19')).toMatchObject({ itemType: 'stock' });

    // Manage: one batch with every GL entry of every invoice; nothing left unposted.
    const batches = [...sandbox!.state.batches.values()];
    expect(batches).toHaveLength(1);
    expect(batches[0]).toMatchObject({ batchIdentifier: '20250430JD-I', exportInvoicesFlag: true });
    const allLines = sandbox!.state.scenario.invoices.flatMap((i) => i.lines.map((l) => l.id)).sort();
    expect([...batches[0].processedRecordIds].sort()).toEqual(allLines);
    expect(sandbox!.state.unpostedInvoices()).toEqual([]);
    expect(result.manageBatchId).toBe(batches[0].id);
  });

  it('split invoicing off: batch SI and SC with the Manage number as reference', async () => {
    world = await createWorld({ scenario: scenario({ invoices: everyInvoiceType().slice(0, 1) }) });
    await world.app.engine.updateSettings({ splitInvoicing: false }, { user: USER });
    const result = await world.app.engine.run('invoices', { user: USER, batchId: 'B-OFF' });
    expect(result.outcome).toBe('completed');
    expect(result.posted[0].sage).toEqual(['SI 460', 'SC 460']);
    const ex = world.sageExport();
    expect(ex.invoices).toEqual([]);
    const si = ex.transactions.find((t: any) => t.type === 'SI');
    const sc = ex.transactions.find((t: any) => t.type === 'SC');
    expect(si).toMatchObject({ reference: '460', account: 'ACME001', net: 958.33, tax: 191.67 });
    expect(si.splits.map((s: any) => [s.nominal, s.net, s.tax, s.department])).toEqual([
      ['4020', 333.33, 66.67, 12],
      ['4020', 333.33, 66.67, 12],
      ['4000', 291.67, 58.33, 10],
    ]);
    expect(sc).toMatchObject({ reference: '460', net: 833.33, tax: 166.67 });
  });

  it('service-type invoicing: service format, no product references, GL account → nominal', async () => {
    world = await createWorld({ scenario: scenario({ invoices: everyInvoiceType().slice(1, 2) }) });
    await world.app.engine.updateSettings({ serviceInvoicing: true }, { user: USER });
    const preview = await world.app.engine.preview('invoices', { user: USER });
    expect(preview.creations.products).toEqual([]);
    const result = await world.app.engine.run('invoices', { user: USER, batchId: 'B-SERV', detail: 'Detailed' });
    expect(result.outcome).toBe('completed');
    const inv = byNumber(world.sageExport(), 4610);
    expect(inv.format).toBe('service');
    expect(inv.lines.map((l: any) => [l.stockCode, l.nominal, l.net, l.tax])).toEqual([
      ['S1', '4000', 170, 34],
      ['S1', '4100', 189, 37.8],
    ]);
    expect(world.sageExport().products).toEqual([]);
  });

  it('ties exported invoices to their unposted records even when the export carries billing-log ids', async () => {
    const demo = scenario({ invoices: everyInvoiceType() });
    world = await createWorld({
      scenario: { ...demo, settings: { ...(demo.settings ?? {}), exportTransactionIds: 'billingLog' } },
    });
    const preview = await world.app.engine.preview('invoices', { user: USER });
    expect(preview.problems).toEqual([]);
    const byNo = new Map(preview.transactions.map((t) => [t.number, t.manageId]));
    expect(byNo.get('460')).toBe(871460);
    const result = await world.app.engine.run('invoices', { user: USER, batchId: 'B-BILLINGLOG' });
    expect(result.outcome).toBe('completed');
    expect(result.posted.find((p) => p.number === '460')).toMatchObject({
      manageId: 871460,
      sage: ['SI 4600', 'SC 4601'],
    });
    expect(await world.app.manage.listUnpostedInvoices({})).toEqual([]);
  });
});
