/**
 * The CLI as a user runs it (`npm run bench -- preview`), built code (dist/ is built first when stale), against
 * the Manage sandbox in its own process and the embedded Sage company:
 *  1. `sagebot preview invoices` of 5,000 unposted invoices against a plain client process that fetches the same
 *     pages (bench/plain-client.mjs), wall time of each process, medians of 3 (goal: within 1.5x); again with
 *     300 ms added to every Manage answer (one run each);
 *  2. peak RSS of `sagebot preview` and of `sagebot run --yes` of 10,000 invoices, each its own process (goal:
 *     under 250 MB).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initCompany } from '../core/sage/embedded/index.ts';
import { type GoalRow, goal, scaled } from './report.ts';
import { cliApprover, ensureBuilt, externalSandbox, median, runChild, SEED, sandboxEnv } from './world.ts';

const RATIO_COUNT = scaled(5000, 50);
const MEMORY_COUNT = scaled(10_000, 100);
const LATENCY_MS = 300;

function transactionsOf(stdout: string): number {
  try {
    const json = JSON.parse(stdout) as { transactions?: unknown[]; posted?: unknown[] };
    return (json.transactions ?? json.posted ?? []).length;
  } catch {
    return -1;
  }
}

async function previewVsPlain(log: (l: string) => void, goals: GoalRow[]): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'sagebot-bench-preview-'));
  const sb = await externalSandbox(dir, RATIO_COUNT);
  try {
    await initCompany(join(dir, 'sage'), SEED);
    const env = sandboxEnv(sb.url, dir);
    const once = async () => {
      const plain = await runChild(['bench/plain-client.mjs', sb.url], {});
      const cli = await runChild(['bin/sagebot.js', 'preview', 'invoices', '--json'], env);
      if (plain.code !== 0) throw new Error(`plain client failed: ${plain.stderr.slice(0, 400)}`);
      if (transactionsOf(cli.stdout) !== RATIO_COUNT)
        throw new Error(`sagebot preview showed ${transactionsOf(cli.stdout)} invoices: ${cli.stderr.slice(0, 400)}`);
      return { plain: plain.ms, cli: cli.ms };
    };
    await once(); // warm the sandbox and the disk cache for both
    const runs = [await once(), await once(), await once()];
    const plainMs = median(runs.map((r) => r.plain));
    const cliMs = median(runs.map((r) => r.cli));
    await sb.faults({ latencyMs: LATENCY_MS });
    const slow = await once();
    await sb.faults({ reset: true });
    const ratio = cliMs / plainMs;
    const slowRatio = slow.cli / slow.plain;
    log(
      `sagebot preview of ${RATIO_COUNT} invoices ${(cliMs / 1000).toFixed(2)} s vs a plain client fetching the same pages ${(plainMs / 1000).toFixed(2)} s = ${ratio.toFixed(2)}x (goal <= 1.5x)`,
    );
    log(
      `  with +${LATENCY_MS} ms per Manage answer: ${(slow.cli / 1000).toFixed(2)} s vs ${(slow.plain / 1000).toFixed(2)} s = ${slowRatio.toFixed(2)}x`,
    );
    goals.push(
      goal('preview', 'sagebot preview vs plain client', ratio, '<=', 1.5, 'x', `${RATIO_COUNT} invoices, processes`),
      goal('preview', 'the same, Manage latency', slowRatio, '<=', 1.5, 'x', `+${LATENCY_MS} ms per answer`),
    );
    return {
      invoices: RATIO_COUNT,
      previewSeconds: +(cliMs / 1000).toFixed(2),
      plainClientSeconds: +(plainMs / 1000).toFixed(2),
      ratio: +ratio.toFixed(2),
      withLatency: {
        latencyMs: LATENCY_MS,
        previewSeconds: +(slow.cli / 1000).toFixed(2),
        ratio: +slowRatio.toFixed(2),
      },
    };
  } finally {
    await sb.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function memory(log: (l: string) => void, goals: GoalRow[]): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'sagebot-bench-memory-'));
  const sb = await externalSandbox(dir, MEMORY_COUNT);
  try {
    await initCompany(join(dir, 'sage'), SEED);
    const env = { ...sandboxEnv(sb.url, dir), ...cliApprover() };
    const preview = await runChild(['bin/sagebot.js', 'preview', 'invoices', '--json'], env);
    const run = await runChild(['bin/sagebot.js', 'run', 'invoices', '--batch', 'MEM-1', '--yes', '--json'], env);
    const posted = transactionsOf(run.stdout);
    if (posted !== MEMORY_COUNT) throw new Error(`sagebot run posted ${posted}: ${run.stderr.slice(0, 600)}`);
    log(
      `peak RSS at ${MEMORY_COUNT} invoices: sagebot preview ${preview.peakRssMiB.toFixed(0)} MB (${(preview.ms / 1000).toFixed(1)} s), ` +
        `sagebot run ${run.peakRssMiB.toFixed(0)} MB (${(run.ms / 1000).toFixed(1)} s) (goal < 250 MB; was 362 MB)`,
    );
    goals.push(
      goal('preview', `peak RSS, preview of ${MEMORY_COUNT}`, preview.peakRssMiB, '<', 250, 'MB', 'own process'),
      goal('preview', `peak RSS, run of ${MEMORY_COUNT}`, run.peakRssMiB, '<', 250, 'MB', 'own process'),
    );
    return {
      invoices: MEMORY_COUNT,
      previewPeakRssMiB: Math.round(preview.peakRssMiB),
      runPeakRssMiB: Math.round(run.peakRssMiB),
      previewSeconds: +(preview.ms / 1000).toFixed(1),
      runSeconds: +(run.ms / 1000).toFixed(1),
    };
  } finally {
    await sb.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchPreview(log: (line: string) => void): Promise<Record<string, unknown>> {
  const built = ensureBuilt(log);
  const goals: GoalRow[] = [];
  const ratio = await previewVsPlain(log, goals);
  const mem = await memory(log, goals);
  return { builtCode: built, ratio, memory: mem, goals };
}
