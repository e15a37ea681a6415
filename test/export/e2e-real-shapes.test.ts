/**
 * Procurement end to end (sandbox over HTTP → embedded Sage) in the shapes real Manage sends — tax lines with
 * ids of their own, "ADJ #3101" adjustment ids, composite unpostedProductId, an adjustment of two lines: PO 102
 * posts its VAT, both adjustment lines reach Sage and are named as users know them, a PO whose figures disagree
 * with Manage and an adjustment dated in Sage's locked period are held back in the preview, and the rest posts.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PO } from '../../core/manage/sandbox/demo-reference.ts';
import { realManageShapes } from './real-manage.ts';
import { procurement, scenario } from './scenarios.ts';
import { createWorld, demoSeed, manageEnv, USER, type World } from './world.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** PO 102: 2 laptops at 820.00 and a dock at 245.00 = 1,885.00 + VAT 377.00; PO 103; a stock count of 8. */
function realProcurement() {
  return [
    procurement(3201, {
      type: 'Purchase',
      date: '2025-04-08',
      description: 'Dell Latitude 5440 laptop',
      catalogItemId: 201,
      quantity: 2,
      unitCost: 820,
      purchaseOrderId: PO.dell,
      packingSlip: 'PS-5501',
      taxCodeId: 1,
    }),
    procurement(3202, {
      type: 'Purchase',
      date: '2025-04-08',
      description: 'Dell WD19S dock',
      catalogItemId: 207,
      quantity: 1,
      unitCost: 245,
      purchaseOrderId: PO.dell,
      packingSlip: 'PS-5501',
      taxCodeId: 1,
    }),
    procurement(3203, {
      type: 'Purchase',
      date: '2025-04-09',
      description: 'Dell WD19S dock',
      catalogItemId: 207,
      quantity: 2,
      unitCost: 131.2,
      purchaseOrderId: PO.ingram,
      packingSlip: 'PS-7710',
      taxCodeId: 1,
    }),
    procurement(3101, {
      number: 3101,
      type: 'Adjustment',
      date: '2025-04-05',
      description: 'Stock count',
      catalogItemId: 202,
      quantity: 8,
      unitCost: 160,
    }),
  ];
}

const stock = (w: World) =>
  w
    .sageExport()
    .stockTransactions.filter((s: any) => s.type === 'AI' || s.type === 'AO')
    .map((s: any) => [s.type, s.stockCode, s.quantity, s.cost, s.reference]);

describe('procurement in the shapes of a real Manage', () => {
  it('PO 102 posts VAT 377.00; both lines of ADJ #3101 reach Sage; results name the PO and the adjustment', async () => {
    world = await createWorld({
      scenario: scenario({ procurement: realProcurement() }),
      app: { decorate: { manage: realManageShapes({ twoLineAdjustments: true }) } },
    });
    const { engine, sandbox } = world.app;
    const preview = await engine.preview('inventory', { user: USER });
    expect(preview.problems).toEqual([]);
    const result = await engine.run('inventory', { user: USER, batchId: 'RS-1' });
    expect(result.outcome).toBe('completed');
    expect(result.posted).toEqual([
      { manageId: 3201, number: '102', sage: ['PO 102'] },
      { manageId: 3203, number: '103', sage: ['PO 103'] },
      { manageId: 3101, number: 'ADJ #3101', sage: ['AI ADJ #3101/1', 'AO ADJ #3101/2'] },
    ]);
    const po102 = world.sageExport().purchaseOrders.find((p: any) => p.number === 102);
    expect(po102).toMatchObject({ net: 1885, tax: 377 });
    expect(po102.lines.map((l: any) => [l.net, l.tax])).toEqual([
      [1640, 328],
      [245, 49],
    ]);
    expect(stock(world)).toEqual([
      ['AI', 'MON-DELL-P2723', 10, 160, 'ADJ #3101/1'],
      ['AO', 'MON-DELL-P2723', 2, 160, 'ADJ #3101/2'],
    ]);
    const batch = [...sandbox!.state.batches.values()][0];
    // The PO tax lines are GL entries of their own (503201 ...), batched with their receipt lines.
    expect([...batch.processedRecordIds].sort()).toEqual([3101, 3201, 3202, 3203, 503201, 503202, 503203]);
    expect(sandbox!.state.unpostedProcurement()).toEqual([]);
  });

  it("a PO off Manage's total and an adjustment in the locked period are held in the preview; the rest posts", async () => {
    world = await createWorld({
      scenario: scenario({ procurement: realProcurement() }),
      seed: demoSeed({ lockDate: '2025-04-05' }),
      app: { decorate: { manage: realManageShapes({ twoLineAdjustments: true, totalOff: { '103': 0.01 } }) } },
    });
    const { engine, sandbox } = world.app;
    const preview = await engine.preview('inventory', { user: USER });
    expect(preview.problems.map((p) => [p.code, p.record, p.manageId, p.blocks])).toEqual([
      ['EXPORT_TOTAL_MISMATCH', 'Purchase order 103', 3203, 'record'],
      ['SAGE_LOCKED_PERIOD', 'Adjustment ADJ #3101', 3101, 'record'],
    ]);
    expect(preview.problems[0].message).toContain('GBP 314.88');
    expect(preview.problems[0].message).toContain('GBP 314.89');
    expect(preview.problems[1].message).toContain(
      "dated 2025-04-05, on or before the Sage company's lock date (2025-04-05)",
    );
    expect(preview.transactions.map((t) => [t.number, t.status])).toEqual([
      ['102', 'transfer'],
      ['103', 'problem'],
      ['ADJ #3101', 'problem'],
    ]);
    const result = await engine.run('inventory', { user: USER, batchId: 'RS-2' });
    expect(result.outcome).toBe('partial');
    expect(result.posted.map((p) => p.number)).toEqual(['102']);
    expect(result.failed.map((f) => [f.manageId, f.number, f.code])).toEqual([
      [3203, '103', 'EXPORT_TOTAL_MISMATCH'],
      [3101, 'ADJ #3101', 'SAGE_LOCKED_PERIOD'],
    ]);
    expect(world.sageExport().purchaseOrders.map((p: any) => p.number)).toEqual([102]);
    expect(stock(world)).toEqual([]);
    const batch = [...sandbox!.state.batches.values()][0];
    expect([...batch.processedRecordIds].sort()).toEqual([3201, 3202, 503201, 503202]);
    expect(sandbox!.state.unpostedProcurement().map((u) => u.id)).toEqual([3203, 3101]);
  });
});

/** A real `run` in a child process that SIGKILLs itself just after the Nth write to Sage (crash-child.ts). */
function crashAfterPost(w: World, n: number): Promise<NodeJS.Signals | null> {
  const sb = w.app.sandbox!;
  const env = {
    ...process.env,
    CRASH_AT: `post-after:${n}`,
    CRASH_DIR: w.dir,
    BATCH: 'RS-K',
    KIND: 'inventory',
    RESHAPE: 'two-line',
    ...manageEnv(sb),
  };
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'crash-child.ts')], {
    env,
    stdio: 'ignore',
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve(signal));
  });
}

describe('exactly once per adjustment line', () => {
  it('a crash between the two lines of ADJ #3101: resume posts only the missing line, each once', async () => {
    world = await createWorld({
      scenario: scenario({ procurement: realProcurement() }),
      app: { decorate: { manage: realManageShapes({ twoLineAdjustments: true }) } },
    });
    // Writes: PO 102, PO 103, AI ADJ #3101/1 — killed there, before AO ADJ #3101/2.
    expect(await crashAfterPost(world, 3)).toBe('SIGKILL');
    expect(stock(world)).toEqual([['AI', 'MON-DELL-P2723', 10, 160, 'ADJ #3101/1']]);
    const [resumed] = await world.app.engine.resume();
    expect(resumed.outcome).toBe('completed');
    expect(resumed.posted.map((p) => [p.number, p.sage])).toEqual([
      ['102', ['PO 102']],
      ['103', ['PO 103']],
      ['ADJ #3101', ['AI ADJ #3101/1', 'AO ADJ #3101/2']],
    ]);
    expect(stock(world)).toEqual([
      ['AI', 'MON-DELL-P2723', 10, 160, 'ADJ #3101/1'],
      ['AO', 'MON-DELL-P2723', 2, 160, 'ADJ #3101/2'],
    ]);
    expect(world.sageExport().purchaseOrders.map((p: any) => p.number)).toEqual([102, 103]);
    expect(world.app.sandbox!.state.batches.size).toBe(1);
    expect(await world.app.engine.resume()).toEqual([]);
  });
});
