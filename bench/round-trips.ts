/**
 * Round trips a user waits for (`npm run bench -- round-trips`): a 5,000-invoice preview and run, and a
 * payment sync, against the in-process sandbox with no added latency and with 300 ms added to every Manage
 * answer. The goal row's figure is the longest chain of requests that waited for one another, from the
 * sandbox's log (goal: at most 4); the extra time divided by the latency, the same count by the clock, is printed
 * beside it (on a loaded machine CPU noise swamps it at 300 ms, so it is measured at 1,500 ms as well).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../adapters/app/app.ts';
import { loadConfig } from '../core/config.ts';
import { silentLogger } from '../core/logger.ts';
import { sequentialRoundTrips } from '../core/manage/sandbox/index.ts';
import { initCompany } from '../core/sage/embedded/index.ts';
import { type GoalRow, goal, scaled } from './report.ts';
import { SEED, scenarioOf, USER } from './world.ts';

const COUNT = scaled(5000, 50);
const LATENCY_MS = 300;
/** A second latency for the count by the clock: long enough that the machine's CPU noise is a fraction of one. */
const LONG_LATENCY_MS = 1500;

type Op = 'preview' | 'run';

async function timed(op: Op, latencyMs: number): Promise<{ ms: number; chain: number; requests: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'sagebot-bench-trips-'));
  try {
    const config = loadConfig({ SAGEBOT_DATA_DIR: join(dir, 'data'), SAGE_COMPANY_DIR: join(dir, 'sage') });
    await initCompany(config.sage.companyDir, SEED);
    const app = await createApp(config, silentLogger(), {
      sandbox: { data: scenarioOf(COUNT), faults: { latencyMs } },
    });
    try {
      const sandbox = app.sandbox!;
      sandbox.requests.splice(0);
      const started = performance.now();
      // A preview with problems or a run that posts nothing would read less than a real one: both are refused.
      if (op === 'preview') {
        const p = await app.engine.preview('invoices', { user: USER });
        if (p.problems.length) throw new Error(`bench preview has problems: ${p.problems[0].message}`);
      } else {
        const r = await app.engine.run('invoices', { user: USER, batchId: `TRIPS-${latencyMs}` });
        if (r.outcome !== 'completed' || r.posted.length !== COUNT)
          throw new Error(`bench run ${r.outcome} (${r.posted.length} posted): ${r.problems[0]?.message}`);
      }
      const ms = performance.now() - started;
      return { ms, chain: sequentialRoundTrips(sandbox.requests), requests: sandbox.requests.length };
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchRoundTrips(log: (line: string) => void): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const goals: GoalRow[] = [];
  for (const op of ['preview', 'run'] as const) {
    const none = await timed(op, 0);
    const slow = await timed(op, LATENCY_MS);
    const extra = (slow.ms - none.ms) / LATENCY_MS;
    // The same count by the clock with a latency CPU noise cannot swamp: the waits that really follow one another.
    const slower = await timed(op, LONG_LATENCY_MS);
    const extraLong = (slower.ms - none.ms) / LONG_LATENCY_MS;
    log(
      `${op} of ${COUNT} invoices: ${none.requests} requests; +${LATENCY_MS} ms per answer adds ${((slow.ms - none.ms) / 1000).toFixed(2)} s = ${extra.toFixed(1)} round trips (goal <= 4; was about 8); longest chain of waiting requests ${slow.chain}; +${LONG_LATENCY_MS} ms per answer adds ${((slower.ms - none.ms) / 1000).toFixed(2)} s = ${extraLong.toFixed(1)} round trips`,
    );
    out[op] = {
      requests: none.requests,
      secondsNoLatency: +(none.ms / 1000).toFixed(2),
      secondsWithLatency: +(slow.ms / 1000).toFixed(2),
      addedRoundTrips: +extra.toFixed(1),
      addedRoundTripsAtLongLatency: +extraLong.toFixed(1),
      goalAddedRoundTrips: 4,
      sequentialChain: slow.chain,
    };
    goals.push(
      // The chain from the sandbox's log is the figure: on a shared machine the time difference is CPU noise.
      goal(
        'round-trips',
        `${op}: answers waited for in a row`,
        slow.chain,
        '<=',
        4,
        'round trips',
        `sandbox log, +${LATENCY_MS} ms/answer; by time ${extra.toFixed(1)}, at +${LONG_LATENCY_MS} ms ${extraLong.toFixed(1)}`,
      ),
    );
  }
  return { ...out, goals };
}
