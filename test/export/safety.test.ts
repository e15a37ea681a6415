/**
 * The run outcomes and safety rules: a partial run (Manage batch with exactly the successful records, each
 * failure with its fix), rerun with and without --force (and after Sage was restored from a backup), deleting
 * a batch (Sage documents listed), two runs at once refused, Manage 429s and 500s during a run, and a Manage
 * outage while the batch is recorded, finished by resume.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { initCompany, setCompanyFlags } from '../../core/sage/embedded/index.ts';
import { CO, everyInvoiceType, guide460, invoice, scenario } from './scenarios.ts';
import { createWorld, demoSeed, USER, type World } from './world.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const threeInvoices = () => [
  invoice(871501, '601', [{ amount: 100 }], { date: '2025-04-02' }),
  invoice(871502, '602', [{ amount: 200 }], { date: '2025-04-20', companyId: CO.bramble }),
  invoice(871503, '603', [{ amount: 300 }], { date: '2025-04-03', companyId: CO.cavendish }),
];

describe('outcomes', () => {
  it('partial: Sage refuses some documents; the Manage batch holds exactly the successful records', async () => {
    world = await createWorld({
      scenario: scenario({ invoices: threeInvoices() }),
      seed: demoSeed({ lockDate: '2025-04-10' }),
    });
    const result = await world.app.engine.run('invoices', { user: USER, batchId: 'P-1' });
    expect(result.outcome).toBe('partial');
    expect(result.posted.map((p) => p.number)).toEqual(['602']);
    expect(result.failed.map((f) => [f.manageId, f.code])).toEqual([
      [871501, 'SAGE_LOCKED_PERIOD'],
      [871503, 'SAGE_LOCKED_PERIOD'],
    ]);
    expect(result.failed[0].fix).toContain('lock date');
    const batch = [...world.app.sandbox!.state.batches.values()][0];
    const linesOf = (id: number) => world!.app.sandbox!.state.invoices.get(id)!.lines.map((l) => l.id);
    expect(batch.processedRecordIds).toEqual(linesOf(871502));
    expect(world.app.sandbox!.state.unpostedInvoices().map((i) => i.id)).toEqual([871501, 871503]);
    expect(readFileSync(result.errorListPath!, 'utf8')).toMatch(/FAILED SAGE_LOCKED_PERIOD — record 601[\s\S]*Fix:/);
    expect(world.sageExport().invoices.map((i: any) => i.number)).toEqual([6020]);
  });
});

describe('connection failures', () => {
  it('Sage unavailable (exclusive use) or Manage down: failed, nothing posted, no batch', async () => {
    world = await createWorld({
      scenario: scenario({ invoices: [guide460()] }),
      app: { manageClient: { retry: { maxAttempts: 1 } }, ledger: { lockWaitMs: 0 } },
    });
    setCompanyFlags(world.config.sage.companyDir, { exclusive: 'Year End' });
    const sage = await world.app.engine.run('invoices', { user: USER, batchId: 'X-1' });
    expect(sage).toMatchObject({
      outcome: 'failed',
      posted: [],
      problems: [expect.objectContaining({ code: 'SAGE_EXCLUSIVE' })],
    });
    setCompanyFlags(world.config.sage.companyDir, { exclusive: false });
    world.app.sandbox!.setFaults({ failNext: 100, failPath: 'unposted|export', errorStatus: 503 });
    const manage = await world.app.engine.run('invoices', { user: USER, batchId: 'X-2' });
    expect(manage).toMatchObject({
      outcome: 'failed',
      posted: [],
      problems: [expect.objectContaining({ record: 'Manage' })],
    });
    expect(world.sageExport().invoices).toEqual([]);
    expect(world.app.sandbox!.state.batches.size).toBe(0);
  });
});

describe('rerun and delete', () => {
  it('rerun skips what Sage holds, posts what is missing (after a restore), and --force cannot duplicate numbered documents', async () => {
    world = await createWorld({ scenario: scenario({ invoices: everyInvoiceType().slice(0, 3) }) });
    const { engine } = world.app;
    await engine.run('invoices', { user: USER, batchId: 'R-1' });
    const first = world.sageExport().invoices.length;

    const plan = await engine.rerunPlan('R-1');
    expect(plan.documents.every((d) => d.alreadyInSage)).toBe(true);
    expect(plan.warning).toMatch(/duplicate/);
    const again = await engine.rerun('R-1', { user: USER });
    expect(again.outcome).toBe('completed');
    expect(again.posted).toEqual([]);
    expect(again.skipped.map((s) => s.reason)).toEqual(['already in Sage', 'already in Sage', 'already in Sage']);
    expect(world.sageExport().invoices).toHaveLength(first);

    const forced = await engine.rerun('R-1', { user: USER, force: true });
    expect(forced.failed.map((f) => f.code)).toEqual([
      'SAGE_DUPLICATE_NUMBER',
      'SAGE_DUPLICATE_NUMBER',
      'SAGE_DUPLICATE_NUMBER',
    ]);
    expect(world.sageExport().invoices).toHaveLength(first);

    // Sage restored from an old backup: the documents are gone, the rerun puts them back.
    await initCompany(world.config.sage.companyDir, demoSeed(), { force: true });
    expect((await engine.rerunPlan('R-1')).documents.some((d) => d.alreadyInSage)).toBe(false);
    const restored = await engine.rerun('R-1', { user: USER });
    expect(restored.outcome).toBe('completed');
    expect(restored.posted.flatMap((p) => p.sage)).toEqual(['SI 4600', 'SC 4601', 'SI 4610', 'SI 4620']);
    expect(world.sageExport().invoices).toHaveLength(first);
    expect(world.app.sandbox!.state.batches.size).toBe(1);
  });

  it('rerun --force posts batch transactions again (split invoicing off)', async () => {
    world = await createWorld({ scenario: scenario({ invoices: [guide460()] }) });
    await world.app.engine.updateSettings({ splitInvoicing: false }, { user: USER });
    await world.app.engine.run('invoices', { user: USER, batchId: 'R-2' });
    expect((await world.app.engine.rerun('R-2', { user: USER })).posted).toEqual([]);
    const forced = await world.app.engine.rerun('R-2', { user: USER, force: true });
    expect(forced.posted[0].sage).toEqual(['SI 460', 'SC 460']);
    expect(world.sageExport().transactions.filter((t: any) => t.reference === '460')).toHaveLength(4);
  });

  it('lists batches with the journal, and deleting one lists the Sage documents that stay', async () => {
    world = await createWorld({ scenario: scenario({ invoices: [guide460()] }) });
    await world.app.engine.run('invoices', { user: USER, batchId: 'D-1' });
    expect(await world.app.engine.listBatches()).toEqual([
      expect.objectContaining({ batch: 'D-1', kinds: ['invoices'], ranBy: 'Jane Doe', outcome: 'completed', count: 1 }),
    ]);
    const deleted = await world.app.engine.deleteBatch('D-1', { user: USER });
    expect(deleted.sageDocuments).toEqual(['SI 4600', 'SC 4601']);
    expect(world.app.sandbox!.state.batches.size).toBe(0);
    expect(world.app.sandbox!.state.unpostedInvoices()).toHaveLength(1);
    expect(world.sageExport().invoices).toHaveLength(2);
    expect((await world.app.audit.list()).map((e) => e.action)).toEqual(['post', 'delete-batch']);
    // Sent again: the documents already in Sage are recognised and not posted twice.
    const again = await world.app.engine.run('invoices', { user: USER, batchId: 'D-2' });
    expect(again.outcome).toBe('completed');
    expect(again.skipped[0]).toMatchObject({ sage: ['SI 4600', 'SC 4601'], reason: 'already in Sage' });
    expect(world.sageExport().invoices).toHaveLength(2);
  });
});

describe('safety', () => {
  it('refuses a second run for the same Sage company, saying who runs what since when', async () => {
    world = await createWorld({ scenario: scenario({ invoices: everyInvoiceType() }) });
    world.app.sandbox!.setFaults({ latencyMs: 60 });
    const first = world.app.engine.run('invoices', { user: USER, batchId: 'C-1' });
    await new Promise((r) => setTimeout(r, 30));
    await expect(
      world.app.engine.run('invoices', { user: { id: 'bob', name: 'Bob Smith' }, batchId: 'C-2' }),
    ).rejects.toMatchObject({
      code: 'EXPORT_RUN_IN_PROGRESS',
      message: expect.stringMatching(/Jane Doe is running the invoices batch C-1 since \d{4}-/),
    });
    expect(await world.app.engine.activeRun()).toMatchObject({ batch: 'C-1', user: USER });
    expect((await first).outcome).toBe('completed');
    expect(await world.app.engine.activeRun()).toBeUndefined();
  });

  it('rides out Manage 429s and 500s during a run', async () => {
    world = await createWorld({
      scenario: scenario({ invoices: everyInvoiceType() }),
      // Nearly one request in two refused: enough attempts that none runs out whatever order they go in.
      app: { manageClient: { pageSize: 2, retry: { maxAttempts: 12 } } },
    });
    world.app.sandbox!.setFaults({ rateLimitEvery: 3, retryAfterSeconds: 0, errorEvery: 5, errorStatus: 500 });
    const result = await world.app.engine.run('invoices', { user: USER, batchId: 'F-1' });
    expect(result.outcome).toBe('completed');
    const statuses = world.app.sandbox!.requests.map((r) => r.status);
    expect(statuses).toContain(429);
    expect(statuses).toContain(500);
    expect(world.app.sandbox!.state.batches.size).toBe(1);
    expect(world.app.sandbox!.state.unpostedInvoices()).toEqual([]);
  });

  it('a Manage outage while the batch is recorded leaves the run open; resume records it once', async () => {
    world = await createWorld({
      scenario: scenario({ invoices: [guide460()] }),
      app: { manageClient: { retry: { maxAttempts: 2 } } },
    });
    world.app.sandbox!.setFaults({ failNext: 50, failPath: '^POST .*batches$', errorStatus: 503 });
    const result = await world.app.engine.run('invoices', { user: USER, batchId: 'O-1' });
    expect(result.outcome).toBe('failed');
    expect(result.problems[0].code).toBe('EXPORT_BATCH_PENDING');
    expect(result.posted[0].sage).toEqual(['SI 4600', 'SC 4601']);
    expect(world.app.sandbox!.state.batches.size).toBe(0);
    world.app.sandbox!.setFaults({ reset: true });
    const [resumed] = await world.app.engine.resume();
    expect(resumed.outcome).toBe('completed');
    expect(resumed.batch).toBe('O-1');
    expect(world.app.sandbox!.state.batches.size).toBe(1);
    expect(world.sageExport().invoices).toHaveLength(2);
    expect(await world.app.engine.resume()).toEqual([]);
  });
});
