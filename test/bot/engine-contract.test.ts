/**
 * The bot's fake engine (fakes.ts) and the real one (core/export/engine.ts over the Manage sandbox and an
 * embedded Sage company) run through the same cases, so the bot's tests cannot drift from what the engine
 * does: the batch-number rule and its messages, a taken batch, the preview's shape, the stale outcome (and who
 * took the records), a run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportEngine, Kind } from '../../core/export/types.ts';
import { demoScenario } from '../../core/manage/sandbox/index.ts';
import { demoSageSeed } from '../../core/sage/embedded/index.ts';
import { createWorld, type World } from '../export/world.ts';
import { FakeEngine } from './fakes.ts';

const USER = { id: 'jdoe', name: 'John Doe' };
const SAM = { id: 'os:sam', name: 'Sam Adams' };
let world: World;
const engines: Record<'fake' | 'real', () => ExportEngine> = {
  fake: () => fake,
  real: () => world.app.engine,
};
let fake: FakeEngine;

beforeAll(async () => {
  const scenario = demoScenario();
  scenario.batches = [
    {
      id: 50,
      batchIdentifier: 'EXISTING-1',
      exportInvoicesFlag: true,
      exportExpensesFlag: false,
      exportProductsFlag: false,
      closedFlag: true,
      processedRecordIds: [],
    },
  ];
  world = await createWorld({ scenario, seed: demoSageSeed() });
  fake = new FakeEngine();
}, 60_000);
afterAll(async () => world?.close());

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code;
  }
}

describe.each(['fake', 'real'] as const)('the %s engine', (name) => {
  const engine = () => engines[name]();

  it.each(['', 'a b', 'x'.repeat(51), '-lead', 'semi;colon'])('refuses the batch number %j', async (id) => {
    await expect(engine().checkBatchId(id)).rejects.toMatchObject({ code: 'EXPORT_BAD_BATCH_ID' });
  });

  it('accepts a free batch number that follows the rule', async () => {
    await expect(engine().checkBatchId('20250430JD-I')).resolves.toBeUndefined();
  });

  it('refuses a taken batch number, naming the next free one in words any surface can show', async () => {
    const err = await engine()
      .checkBatchId('EXISTING-1')
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'EXPORT_BATCH_EXISTS', details: { batchId: 'EXISTING-1' } });
    expect((err as Error & { userMessage: string }).userMessage).toMatch(/EXISTING-1-1 is free/);
    expect((err as Error & { userMessage: string }).userMessage).not.toMatch(/sagebot /);
  });

  it.each(['invoices', 'expenses', 'inventory'] as Kind[])(
    'previews %s: the conventional batch number, known statuses, a stable fingerprint',
    async (kind) => {
      const first = await engine().preview(kind, { user: USER });
      const again = await engine().preview(kind, { user: USER });
      expect(first.kind).toBe(kind);
      expect(first.suggestedBatchId).toMatch(
        new RegExp(`^\\d{8}JD-${{ invoices: 'I', expenses: 'E', inventory: 'P' }[kind]}$`),
      );
      for (const t of first.transactions) expect(['transfer', 'skip', 'problem']).toContain(t.status);
      expect(typeof first.fingerprint).toBe('string');
      expect(again.fingerprint).toBe(first.fingerprint);
    },
  );

  it('returns a stale outcome, posting nothing, when the unposted set is not the one previewed', async () => {
    const result = await engine().run('inventory', {
      user: USER,
      batchId: 'CONTRACT-STALE',
      expectedFingerprint: 'not-this-one',
    });
    expect(result).toMatchObject({ outcome: 'stale', posted: [], problems: [{ code: 'EXPORT_STALE_PREVIEW' }] });
    expect(result.stale).toMatchObject({ approvedFingerprint: 'not-this-one', explained: false });
    expect(result.stale?.preview.fingerprint).toBe(result.stale?.fingerprint);
    await expect(engine().checkBatchId('CONTRACT-STALE')).resolves.toBeUndefined();
  });

  it('names the batch, the door and the person that took the approved records since the preview', async () => {
    const approved = await engine().preview('inventory', { user: USER });
    const [moved, ...rest] = approved.transactions.filter((t) => t.status === 'transfer');
    expect(rest.length).toBeGreaterThan(0);
    const cli = await engine().run('inventory', {
      user: { ...SAM, door: 'cli' },
      batchId: 'CONTRACT-CLI',
      include: moved.recordIds ?? [moved.manageId],
    });
    expect(cli.outcome).toBe('completed');
    const result = await engine().run('inventory', { user: USER, batchId: 'CONTRACT-LATE', approved });
    expect(result.outcome).toBe('stale');
    expect(result.posted).toEqual([]);
    const stale = result.stale!;
    expect(stale.taken).toEqual([
      expect.objectContaining({ batch: 'CONTRACT-CLI', door: 'cli', by: SAM.name, records: expect.any(Array) }),
    ]);
    expect(stale.taken[0].records.map((r) => r.manageId)).toEqual([moved.manageId]);
    expect(stale).toMatchObject({ gone: [], added: [], changed: [] });
    expect(stale.lines[0]).toMatch(/^Batch CONTRACT-CLI, run from the command line, took these \(Sam Adams\): /);
    expect(stale.lines[0]).toMatch(/[A-Z]{3} \d[\d,]*\.\d\d/);
    expect(stale.preview.transactions.map((t) => t.manageId)).toEqual(
      approved.transactions.filter((t) => t !== moved).map((t) => t.manageId),
    );
    await expect(engine().checkBatchId('CONTRACT-LATE')).resolves.toBeUndefined();
  });

  it('is idle, then posts a batch that is afterwards taken', async () => {
    expect(await engine().activeRun()).toBeUndefined();
    const preview = await engine().preview('inventory', { user: USER });
    const result = await engine().run('inventory', {
      user: USER,
      batchId: 'CONTRACT-1',
      expectedFingerprint: preview.fingerprint,
    });
    expect(result).toMatchObject({ batch: 'CONTRACT-1', kind: 'inventory', outcome: 'completed' });
    expect(result.posted.length).toBe(preview.transactions.filter((t) => t.status === 'transfer').length);
    expect(await codeOf(engine().checkBatchId('CONTRACT-1'))).toBe('EXPORT_BATCH_EXISTS');
    expect(await engine().activeRun()).toBeUndefined();
  });
});
