/**
 * Exactly-once after a crash: a child process runs a real batch and is killed with SIGKILL at many points
 * (before / after the Nth document write, after account and product creations, around the Manage batch POST,
 * and on a timer); then `resume` finishes the run. Every time, each Sage document exists exactly once, the
 * Manage batch exists once with every record, and a second resume has nothing to do.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { everyInvoiceType, scenario } from './scenarios.ts';
import { createWorld, manageEnv, type World } from './world.ts';

const CHILD = join(import.meta.dirname, 'crash-child.ts');
const EXPECTED_NUMBERS = [4600, 4601, 4610, 4620, 4630, 4641, 4650, 4660];

interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
}

function runChild(w: World, crashAt: string, killWhen?: (w: World) => boolean): Promise<ChildExit> {
  const sb = w.app.sandbox!;
  const env = {
    ...process.env,
    CRASH_AT: crashAt,
    CRASH_DIR: w.dir,
    BATCH: 'K-1',
    ...manageEnv(sb),
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    const timer = killWhen
      ? setInterval(() => {
          if (killWhen(w)) {
            child.kill('SIGKILL');
            clearInterval(timer);
          }
        }, 2)
      : undefined;
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (timer) clearInterval(timer);
      if (code && code !== 0) reject(new Error(`child failed (${code}): ${err}`));
      else resolve({ code, signal, out });
    });
  });
}

/**
 * Whether the run's progress journal names documents to post (what the timed kill watches): from then on the
 * child is posting, its outcomes held in memory until the batch step, so a kill loses them and resume must
 * look those documents up.
 */
function posting(w: World): boolean {
  const runs = join(w.config.dataDir, 'runs');
  const index = join(runs, 'index.json');
  if (!existsSync(index)) return false;
  try {
    const run = (JSON.parse(readFileSync(index, 'utf8')) as { runs: Array<{ runId: string }> }).runs[0];
    const p = run && join(runs, run.runId, 'progress.jsonl');
    return Boolean(p && existsSync(p) && readFileSync(p, 'utf8').includes('"t":"intent"'));
  } catch {
    return false;
  }
}

async function crashThenResume(crashAt: string, killWhen?: (w: World) => boolean): Promise<void> {
  const world = await createWorld({ scenario: scenario({ invoices: everyInvoiceType() }) });
  try {
    const exit = await runChild(world, crashAt, killWhen);
    expect(exit.signal, `child output: ${exit.out}`).toBe('SIGKILL');

    const results = await world.app.engine.resume();
    expect(results).toHaveLength(1);
    expect(results[0].outcome).toBe('completed');
    expect(results[0].failed).toEqual([]);
    // The resumed run reads the whole batch back from Sage: each document once, as planned.
    expect(results[0].reconciliation).toMatchObject({ checked: true, reconciled: true, differences: [] });
    expect(results[0].reconciliation?.documents).toBe(EXPECTED_NUMBERS.length);

    const ex = world.sageExport();
    expect(ex.invoices.map((i: any) => i.number).sort()).toEqual(EXPECTED_NUMBERS);
    expect(new Set(ex.customers.map((c: any) => c.ref)).size).toBe(ex.customers.length);
    const st = world.app.sandbox!.state;
    const batches = [...st.batches.values()];
    expect(batches.map((b) => b.batchIdentifier)).toEqual(['K-1']);
    expect([...batches[0].processedRecordIds].sort()).toEqual(
      st.scenario.invoices.flatMap((i) => i.lines.map((l) => l.id)).sort(),
    );
    expect(st.unpostedInvoices()).toEqual([]);
    expect(await world.app.engine.resume()).toEqual([]);
  } finally {
    await world.close();
  }
}

describe.concurrent('resume after kill -9', () => {
  it.each([
    'post-before:1',
    'post-after:1',
    'post-after:4',
    'post-after:8',
    'create-after:2',
    'batch-before',
    'batch-after',
  ])('killed at %s: every document exactly once, the batch once', async (at) => {
    await crashThenResume(at);
  });

  it('killed while validating: nothing was posted, resume closes the run as failed, a new run works', async () => {
    const world = await createWorld({ scenario: scenario({ invoices: everyInvoiceType() }) });
    try {
      expect((await runChild(world, 'export-after')).signal).toBe('SIGKILL');
      const [closed] = await world.app.engine.resume();
      expect(closed).toMatchObject({
        outcome: 'failed',
        posted: [],
        problems: [expect.objectContaining({ code: 'EXPORT_INTERRUPTED' })],
      });
      expect(world.sageExport().invoices).toEqual([]);
      expect(world.app.sandbox!.state.batches.size).toBe(0);
      expect(
        (await world.app.engine.run('invoices', { user: { id: 'j', name: 'Jane Doe' }, batchId: 'K-1' })).outcome,
      ).toBe('completed');
      expect(
        world
          .sageExport()
          .invoices.map((i: any) => i.number)
          .sort(),
      ).toEqual(EXPECTED_NUMBERS);
    } finally {
      await world.close();
    }
  });

  it('killed on a timer mid-posting', async () => {
    await crashThenResume('none', posting);
  });
});
