/**
 * Round trips a user waits for (`npm run bench -- round-trips`): a 5,000-invoice preview and run against the
 * sandbox in its own process (as a real Manage is: its CPU is not ours), with no added latency and with 300 ms
 * added to every Manage answer. The first goal row's figure is the extra time divided by the latency (the median
 * of five pairs of runs): the round trips that really follow one another. The second is the longest chain of
 * requests that waited for one another in the sandbox's log at 1,500 ms per answer, where the machine's CPU noise
 * is a fraction of one round trip; the count by the clock at that latency is printed too.
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
import { type ExternalSandbox, externalSandbox, median, SEED, sandboxEnv, USER } from './world.ts';

const COUNT = scaled(5000, 50);
const LATENCY_MS = 300;
/** A second latency for the count by the clock: long enough that the machine's CPU noise is a fraction of one. */
const LONG_LATENCY_MS = 1500;
/** Pairs of runs without and with the latency; the figure is the median pair's. */
const PAIRS = 5;

type Op = 'preview' | 'run';

interface Logged {
  at: number;
  endedAt?: number;
}

async function timed(
  sb: ExternalSandbox,
  dir: string,
  op: Op,
  latencyMs: number,
): Promise<{ ms: number; chain: number; requests: number }> {
  const origin = new URL(sb.url).origin;
  const own = mkdtempSync(join(dir, `${op}-${latencyMs}-`));
  const config = loadConfig(sandboxEnv(sb.url, own));
  await initCompany(config.sage.companyDir, SEED);
  // The scenario as loaded (a run batches every invoice), then the latency.
  await fetch(`${origin}/__sandbox/reset`, { method: 'POST' });
  await sb.faults({ latencyMs });
  const app = await createApp(config, silentLogger(), {});
  try {
    await fetch(`${origin}/__sandbox/requests`, { method: 'DELETE' });
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
    const log = (await (await fetch(`${origin}/__sandbox/requests`)).json()) as Logged[];
    return { ms, chain: sequentialRoundTrips(log), requests: log.length };
  } finally {
    await app.close();
    await sb.faults({ reset: true });
  }
}

export async function benchRoundTrips(log: (line: string) => void): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const goals: GoalRow[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'sagebot-bench-trips-'));
  const sb = await externalSandbox(dir, COUNT);
  try {
    for (const op of ['preview', 'run'] as const) {
      // Pairs one after the other, so a slow spell of the machine weighs on both sides of a pair; the median pair.
      const pairs: Array<{ none: number; slow: number; requests: number }> = [];
      for (let i = 0; i < PAIRS; i++) {
        const none = await timed(sb, dir, op, 0);
        const slow = await timed(sb, dir, op, LATENCY_MS);
        pairs.push({ none: none.ms, slow: slow.ms, requests: none.requests });
      }
      const extras = pairs.map((p) => (p.slow - p.none) / LATENCY_MS);
      const extra = median(extras);
      const none = median(pairs.map((p) => p.none));
      // The same count by the clock with a latency CPU noise cannot swamp: the waits that really follow one another.
      const slower = await timed(sb, dir, op, LONG_LATENCY_MS);
      const extraLong = (slower.ms - none) / LONG_LATENCY_MS;
      // Which requests waited for which, from the log at the long latency: at 300 ms a request held back by our
      // own CPU (parsing a 5 MB export) can start after an unrelated one ended and look like it waited for it.
      const chain = slower.chain;
      log(
        `${op} of ${COUNT} invoices: ${pairs[0].requests} requests; +${LATENCY_MS} ms per answer adds ${extras.map((x) => x.toFixed(1)).join(' / ')} round trips (median ${extra.toFixed(1)}; goal <= 4; was about 8); +${LONG_LATENCY_MS} ms per answer adds ${((slower.ms - none) / 1000).toFixed(2)} s = ${extraLong.toFixed(1)} round trips, longest chain of requests that waited for one another ${chain}`,
      );
      out[op] = {
        requests: pairs[0].requests,
        secondsNoLatency: +(none / 1000).toFixed(2),
        secondsWithLatency: +(median(pairs.map((p) => p.slow)) / 1000).toFixed(2),
        addedRoundTrips: +extra.toFixed(1),
        addedRoundTripsEachPair: extras.map((x) => +x.toFixed(2)),
        addedRoundTripsAtLongLatency: +extraLong.toFixed(1),
        goalAddedRoundTrips: 4,
        sequentialChain: chain,
      };
      goals.push(
        goal(
          'round-trips',
          `${op}: round trips added by +${LATENCY_MS} ms per answer`,
          +extra.toFixed(2),
          '<=',
          4,
          'round trips',
          `by the clock, median of ${PAIRS} pairs; at +${LONG_LATENCY_MS} ms ${extraLong.toFixed(1)}`,
        ),
        goal(
          'round-trips',
          `${op}: answers waited for in a row`,
          chain,
          '<=',
          4,
          'round trips',
          `sandbox log, +${LONG_LATENCY_MS} ms per answer`,
        ),
      );
    }
  } finally {
    await sb.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { ...out, goals };
}
