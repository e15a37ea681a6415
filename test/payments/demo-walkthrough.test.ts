/**
 * The walk-through's first "sync payments" has something to do: the demo Sage company (walkthroughSageSeed)
 * records its customers' receipts and a credit allocation once the walk-through's invoices are posted, so the
 * sync updates Manage invoices: paid in full, in part, a credit memo used, and a split invoice settled by its
 * own credit half (the guide's example). Real HTTP to the sandbox, the real embedded company.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walkthroughScenario } from '../../core/manage/sandbox/index.ts';
import { walkthroughSageSeed } from '../../core/sage/embedded/demo-seed.ts';
import { createWorld, USER, type World } from '../export/world.ts';

let world: World;
beforeAll(async () => {
  world = await createWorld({ seed: walkthroughSageSeed(), scenario: walkthroughScenario() });
  const { engine } = world.app;
  const preview = await engine.preview('invoices', { user: USER });
  const run = await engine.run('invoices', {
    user: USER,
    batchId: 'DEMO-I-1',
    expectedFingerprint: preview.fingerprint,
  });
  expect(run.outcome).toBe('completed');
}, 120_000);
afterAll(async () => world?.close());

describe('demo walk-through: payment sync on the first run', () => {
  it('the demo company holds the receipts and the credit allocation once the invoices are posted', () => {
    const ex = world.sageExport();
    const paid = (n: number) => ex.invoices.find((i: { number: number }) => i.number === n)?.amountPaid;
    expect(paid(100010)).toBe(1042.8);
    expect(paid(100030)).toBe(920.4); // 274.80 from credit note 100341, then half of the rest received
    expect(paid(100341)).toBe(274.8);
    expect(paid(100190)).toBe(582);
    expect(ex.transactions.filter((t: { type: string }) => t.type === 'SR')).toHaveLength(3);
  });

  it('updates those Manage invoices, credit memo included, and a second sync writes nothing', async () => {
    const { paymentSync, manage } = world.app;
    const r = await paymentSync.sync({ since: 'last', user: USER });
    expect(r.succeeded).toBe(true);
    expect(r.problems).toEqual([]);
    expect(r.updated.map((u) => [u.invoiceNumber, u.paid, u.total, u.fullyPaid])).toEqual([
      ['10001', 104280, 104280, true],
      ['10003', 92040, 156600, false],
      ['10019', 48000, 48000, true],
      ['10034', 27480, 27480, true],
    ]);
    const invoices = await manage.findInvoicesByNumber(['10034', '10019']);
    expect(invoices.find((i) => i.invoiceNumber === '10034')).toMatchObject({ payments: 274.8, balance: 0 });
    expect(invoices.find((i) => i.invoiceNumber === '10019')).toMatchObject({ payments: 480, balance: 0 });
    expect((await paymentSync.sync({ since: 'last', user: USER })).manageWrites).toBe(0);
  });
});
