/**
 * The stale outcome of the real engine (core/export/run.ts + stale.ts) over the Manage sandbox and an embedded
 * Sage company: a run given an approved preview that no longer matches posts nothing and says what changed —
 * records gone, new and changed in amount (each amount with its currency) — with the fresh preview built from
 * the same reads; given only a fingerprint it says only that the set changed; numbers chosen on a preview are
 * resolved against that preview, so the run reads Manage's unposted list once.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Preview } from '../../core/export/types.ts';
import { CO, guide460, invoice, scenario } from './scenarios.ts';
import { createWorld, USER, type World } from './world.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const THROUGH = '2025-04-30';
const i702 = (amount = 100) => invoice(871702, '702', [{ amount }], { date: '2025-04-20', companyId: CO.cavendish });
const i704 = () => invoice(871704, '704', [{ amount: 40 }], { date: '2025-04-21', companyId: CO.bramble });
/** GETs of an unposted list from request `from` on, before the Manage batch is created (its read-back comes after). */
function unpostedReadsBeforeBatch(w: World, from: number) {
  const since = w.app.sandbox!.requests.slice(from);
  const batch = since.findIndex((r) => r.method === 'POST' && /^finance\/accounting\/batches$/.test(r.path));
  return since
    .slice(0, batch < 0 ? undefined : batch)
    .filter((r) => r.method === 'GET' && /^finance\/accounting\/unposted/.test(r.path));
}

async function approvedPreview(w: World): Promise<Preview> {
  return w.app.engine.preview('invoices', { throughDate: THROUGH, user: USER });
}

describe('the stale outcome', () => {
  it('names what is gone, new and changed in amount, posts nothing, and carries the fresh preview', async () => {
    world = await createWorld({ scenario: scenario({ invoices: [guide460(), i702()] }) });
    const approved = await approvedPreview(world);
    const sageBefore = world.sageExport().invoices.length;
    // 460 is gone (no sagebot batch took it), 704 is new, 702 changed amount.
    world.app.sandbox!.load(scenario({ invoices: [i702(150), i704()] }));

    const result = await world.app.engine.run('invoices', {
      throughDate: THROUGH,
      batchId: 'STALE-1',
      user: USER,
      approved,
    });
    expect(result).toMatchObject({ outcome: 'stale', posted: [], failed: [] });
    expect(result.problems.map((p) => p.code)).toEqual(['EXPORT_STALE_PREVIEW']);
    const stale = result.stale!;
    expect(stale.explained).toBe(true);
    expect(stale.taken).toEqual([]);
    expect(stale.gone.map((r) => r.number)).toEqual(['460']);
    expect(stale.added.map((r) => r.number)).toEqual(['704']);
    expect(stale.changed).toMatchObject([
      { number: '702', was: 12000, wasCurrency: 'GBP', total: 18000, currency: 'GBP' },
    ]);
    for (const line of stale.lines) expect(line).toMatch(/GBP \d[\d,]*\.\d\d/);
    const party702 = approved.transactions.find((t) => t.number === '702')?.party;
    expect(stale.lines).toContain(`Amount changed: Standard 702 (${party702}) GBP 120.00 -> GBP 180.00.`);
    expect(stale.preview.fingerprint).toBe(stale.fingerprint);
    expect(stale.preview.transactions.map((t) => t.number)).toEqual(['702', '704']);
    expect(stale.preview.suggestedBatchId).toBe('STALE-1');

    expect(world.sageExport().invoices.length).toBe(sageBefore);
    expect(world.app.sandbox!.state.scenario.batches).toEqual([]);
    expect(await world.app.engine.activeRun()).toBeUndefined();
    expect(readFileSync(result.errorListPath!, 'utf8')).toMatch(/EXPORT_STALE_PREVIEW/);

    // The fresh preview, approved, posts.
    const again = await world.app.engine.run('invoices', {
      throughDate: THROUGH,
      batchId: 'STALE-1',
      user: USER,
      approved: stale.preview,
    });
    expect(again.outcome).toBe('completed');
    expect(again.posted.map((p) => p.number)).toEqual(['702', '704']);
  });

  it('given only a fingerprint, says the set changed and still returns the fresh preview', async () => {
    world = await createWorld({ scenario: scenario({ invoices: [guide460()] }) });
    const result = await world.app.engine.run('invoices', {
      throughDate: THROUGH,
      batchId: 'STALE-2',
      user: USER,
      expectedFingerprint: 'an-older-one',
    });
    expect(result.outcome).toBe('stale');
    expect(result.stale).toMatchObject({ explained: false, approvedFingerprint: 'an-older-one', taken: [] });
    expect(result.stale!.lines).toEqual(['The unposted records changed since the preview was made.']);
    expect(result.stale!.preview.transactions.map((t) => t.number)).toEqual(['460']);
  });

  it('resolves numbers chosen on the approved preview against it: one read of the unposted list', async () => {
    world = await createWorld({ scenario: scenario({ invoices: [guide460(), i702(), i704()] }) });
    const approved = await world.app.engine.preview('invoices', {
      throughDate: THROUGH,
      excludeNumbers: ['702'],
      user: USER,
    });
    expect(approved.leftOut?.map((l) => [l.number, l.manageId])).toEqual([['702', 871702]]);
    const from = world.app.sandbox!.requests.length;
    const result = await world.app.engine.run('invoices', {
      throughDate: THROUGH,
      excludeNumbers: ['702'],
      batchId: 'STALE-3',
      user: USER,
      approved,
    });
    expect(result.outcome).toBe('completed');
    expect(result.posted.map((p) => p.number)).toEqual(['460', '704']);
    expect(unpostedReadsBeforeBatch(world, from)).toHaveLength(1);
  });
});
