/**
 * Exactly-once by intents (the argument in core/export/post-batch.ts): Sage is asked for the batch's documents in
 * one call when the plan is made, not again before posting each; a durable intent names every document before Sage is asked to
 * write it; on resume only the documents an intent names without an outcome are looked up, and a journal
 * written before intents existed has every document looked up. (The kill -9 cases are in crash.test.ts.)
 * Posting progress is thinned: reported about PROGRESS_STEPS times a run, not once per record.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JournalEvent, RunPlan } from '../../core/export/plan-types.ts';
import { replay } from '../../core/export/resume.ts';
import type { Progress } from '../../core/export/types.ts';
import { extraInvoices } from '../../core/manage/sandbox/demo-transactions.ts';
import type { SageLedger } from '../../core/sage/ledger.ts';
import { openBatchJournal } from '../../storage/journal.ts';
import { everyInvoiceType, scenario } from './scenarios.ts';
import { createWorld, demoSeed, USER, type World } from './world.ts';

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

function events(w: World, runId: string): JournalEvent[] {
  return readFileSync(join(w.app.folder.runs, runId, 'progress.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as JournalEvent);
}

/** Counts the look-ups and, at each document write, how many documents the intents on disk name. */
function watching(runsDir: () => string) {
  const seen = { lookups: 0, batchLookups: [] as number[], writes: 0, namedAtWrite: [] as number[] };
  const named = () => {
    const index = JSON.parse(readFileSync(join(runsDir(), 'index.json'), 'utf8')) as { runs: { runId: string }[] };
    const file = join(runsDir(), index.runs.at(-1)!.runId, 'progress.jsonl');
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"intent"'))
      .reduce((n, l) => n + (JSON.parse(l) as { docs: string[] }).docs.length, 0);
  };
  const decorate = (l: SageLedger): SageLedger =>
    new Proxy(l, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (prop === 'findDocuments') seen.lookups++;
          if (prop === 'readDocuments') seen.batchLookups.push((args[0] as unknown[]).length);
          if (prop === 'createInvoice') seen.namedAtWrite.push(named() - seen.writes++);
          return value.apply(target, args);
        };
      },
    });
  return { seen, decorate };
}

describe('posting by intents', () => {
  it('looks the batch up in Sage in one call (for the plan), and an intent on disk names each document before Sage writes it', async () => {
    let runs = '';
    const watch = watching(() => runs);
    world = await createWorld({
      scenario: scenario({ invoices: everyInvoiceType() }),
      app: { decorate: { ledger: watch.decorate } },
    });
    runs = world.app.folder.runs;
    const result = await world.app.engine.run('invoices', { user: USER, batchId: 'I-1' });
    expect(result.outcome).toBe('completed');
    const plan = JSON.parse(readFileSync(join(runs, result.runId, 'plan.json'), 'utf8')) as RunPlan;
    const documents = plan.records.flatMap((r) => r.documents);
    expect(documents).toHaveLength(8);
    // One call for the whole batch when the plan is made, none per document.
    expect(watch.seen.lookups).toBe(0);
    expect(watch.seen.batchLookups[0]).toBe(documents.length);
    expect(watch.seen.writes).toBe(documents.length);
    // Before each write, more documents were named than had been written: this one among them.
    expect(watch.seen.namedAtWrite.every((n) => n >= 1)).toBe(true);
    const log = events(world, result.runId);
    const intended = log.flatMap((e) => (e.t === 'intent' ? e.docs : []));
    const posted = log.flatMap((e) => (e.t === 'posted' ? [`${e.manageId}:${e.label}`] : []));
    expect(new Set(intended)).toEqual(new Set(posted));
    expect(log.findIndex((e) => e.t === 'intent')).toBeLessThan(log.findIndex((e) => e.t === 'posted'));
  });

  it('resume looks up only what an intent names without an outcome; with no intents at all, everything', () => {
    const posted = (manageId: number, label: string): JournalEvent => ({
      t: 'posted',
      manageId,
      label,
      sageId: `i:${manageId}`,
      found: false,
    });
    const { state } = replay([
      { t: 'intent', docs: ['1:SI 10', '2:SI 20', '3:SI 30', '4:SI 40'] },
      posted(1, 'SI 10'),
      { t: 'skipped', manageId: 2, label: 'SI 20', reason: 'already in Sage' },
      { t: 'failed', manageId: 3, label: 'SI 30', code: 'SAGE_LOCKED_PERIOD', message: 'locked' },
    ]);
    expect(state.inDoubt).toEqual(new Set(['4:SI 40']));
    expect([...state.posted.keys()]).toEqual(['1:SI 10']);
    expect(replay([posted(1, 'SI 10')]).state.inDoubt).toBe('all');
    expect(replay([]).state.inDoubt).toBe('all');
  });

  it('a run journaled before intents existed is resumed without posting anything twice', async () => {
    world = await createWorld({ scenario: scenario({ invoices: everyInvoiceType() }) });
    const done = await world.app.engine.run('invoices', { user: USER, batchId: 'L-1' });
    expect(done.outcome).toBe('completed');
    const plan = JSON.parse(readFileSync(join(world.app.folder.runs, done.runId, 'plan.json'), 'utf8')) as RunPlan;
    // The same plan as an older sagebot would have left it when killed after posting: no intents, no outcomes.
    const journal = openBatchJournal(world.app.folder.runs);
    const { mode, batch, kind, user, startedAt } = plan;
    await journal.start({ runId: 'legacy-1', mode, batch, kind, user, startedAt, state: 'planning' });
    await journal.savePlan({ ...plan, runId: 'legacy-1' });
    const [resumed] = await world.app.engine.resume();
    expect(resumed).toMatchObject({ runId: 'legacy-1', outcome: 'completed', failed: [] });
    const numbers = world.sageExport().invoices.map((i: { number: number }) => i.number);
    expect(numbers).toHaveLength(8);
    expect(new Set(numbers).size).toBe(8);
    expect(events(world, 'legacy-1').filter((e) => e.t === 'posted' && e.found)).toHaveLength(8);
  });
});

describe('posting progress', () => {
  it('is reported a bounded number of times, from 0 of N to N of N, not once per record', async () => {
    world = await createWorld({
      scenario: scenario({ invoices: extraInvoices(300, []) }),
      seed: demoSeed({
        nominals: [{ code: '4110', name: 'Sales - Software licences' }],
        products: [{ code: 'M365-BP', description: 'Microsoft 365 Business Premium', itemType: 'non-stock' }],
      }),
    });
    const seen: Progress[] = [];
    const result = await world.app.engine.run('invoices', {
      user: USER,
      batchId: 'G-1',
      onProgress: (p) => seen.push(p),
    });
    expect(result.problems.map((p) => p.message)).toEqual([]);
    expect(result.posted).toHaveLength(300);
    const posting = seen.filter((p) => p.phase === 'posting');
    expect(posting[0]).toMatchObject({ done: 0, total: 300 });
    expect(posting.at(-1)).toMatchObject({ done: 300, total: 300 });
    // 100 steps of 3 records, the last one, and at most one more per quiet second: far fewer than 301.
    expect(posting.length).toBeLessThan(200);
    expect(posting.map((p) => p.done)).toEqual([...posting.map((p) => p.done)].sort((a, b) => a - b));
  });
});
