/**
 * Export engine benchmark (`npm run bench -- export`): a 5,000-invoice run against the sum of its necessary
 * parts, each measured alone in the same bench run (goal: the run within 1.15x of that sum):
 *  - a plain fetch: the Manage client alone reading the same pages and GL export (and the tax codes);
 *  - the embedded Sage company alone posting the very same documents (taken from the run's journaled plan,
 *    creations included), the mean of two;
 *  - one batch POST and its read-back by identifier (the run's batch deleted in the sandbox, the same record ids
 *    sent again under a new identifier).
 * Each phase of the run is printed beside its part. The machine is shared and its disk's fsync times wander, so
 * the whole measurement (a fresh sandbox, run and parts side by side) is made five times and the goal row is the
 * median round; every round's ratio is printed. Then once with 300 ms added to every Manage answer.
 * The sandbox runs in its own process (`sagebot sandbox`), as a real Manage is remote.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../adapters/app/app.ts';
import { loadConfig } from '../core/config.ts';
import type { JournalEvent, RunPlan } from '../core/export/plan-types.ts';
import { fetchReference } from '../core/export/select.ts';
import type { Progress } from '../core/export/types.ts';
import { silentLogger } from '../core/logger.ts';
import type { ManageClient } from '../core/manage/api.ts';
import { createManageClient } from '../core/manage/client.ts';
import { batchRequest } from '../core/manage/record-ids.ts';
import { EmbeddedLedger, initCompany } from '../core/sage/embedded/index.ts';
import type { SageLedger } from '../core/sage/ledger.ts';
import { type GoalRow, goal, scaled } from './report.ts';
import { externalSandbox, SEED, sandboxEnv, scenarioOf, USER } from './world.ts';

const COUNT = scaled(5000, 50);
const LATENCY_MS = 300;
/** Rounds of the measurement without added latency; the goal row is the median one. */
const ROUNDS = 5;
const secs = (ms: number) => (ms / 1000).toFixed(2);
/** Write back what the disk still holds before a timed part, so no part pays for the one before it. */
const settle = () => spawnSync('sync');

/** What a preview or run reads from Manage, fetched by the client alone: no validation, no Sage. */
async function plainFetch(client: ManageClient, today: string): Promise<number> {
  const started = performance.now();
  const [, glExport] = await Promise.all([
    client.listUnpostedInvoices({ throughDate: today }),
    client.exportAccounting({ exportInvoicesFlag: true, thruDate: `${today}T23:59:59Z`, summarizeInvoices: 'Default' }),
  ]);
  await fetchReference(client, glExport);
  return performance.now() - started;
}

/** Post a plan's documents straight into a fresh company: the embedded company's own cost. */
async function postDirectly(plan: RunPlan, dir: string): Promise<number> {
  await initCompany(dir, SEED, { force: true });
  const ledger: SageLedger = new EmbeddedLedger();
  await ledger.connect({ companyDir: dir, user: 'MANAGER', password: '' });
  settle();
  const started = performance.now();
  const created = new Set<string>();
  for (const r of plan.records) {
    for (const c of r.creations) {
      const key = c.kind === 'product' ? `p:${c.product.code}` : `${c.kind}:${c.account.ref}`;
      if (created.has(key)) continue;
      created.add(key);
      if (c.kind === 'customer') await ledger.createCustomer(c.account);
      else if (c.kind === 'supplier') await ledger.createSupplier(c.account);
      else await ledger.createProduct(c.product);
    }
    for (const d of r.documents) if (d.operation.op === 'invoice') await ledger.createInvoice(d.operation.doc);
  }
  const ms = performance.now() - started;
  await ledger.disconnect();
  return ms;
}

/** One batch POST and its read-back, alone: the run's batch is deleted and the same ids are batched again. */
async function batchAlone(client: ManageClient, runDir: string, batch: string): Promise<number> {
  const events = readFileSync(join(runDir, 'progress.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as JournalEvent);
  const ids = events.flatMap((e) => (e.t === 'batching' ? e.processedRecordIds : []));
  const existing = await client.findBatch(batch);
  if (existing) await client.deleteBatch(existing.id);
  const started = performance.now();
  // As the run does: the identifier is known to be free (a new one), so no look-up before the POST.
  await client.createBatch(batchRequest('invoices', `${batch}-ALONE`, ids), { identifierChecked: true });
  return performance.now() - started;
}

interface Phases {
  read: number;
  posting: number;
  batching: number;
}

async function runVsParts(log: (l: string) => void, latencyMs: number): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'sagebot-bench-export-'));
  const sb = await externalSandbox(dir, COUNT);
  try {
    if (latencyMs) await sb.faults({ latencyMs });
    const config = loadConfig(sandboxEnv(sb.url, dir));
    await initCompany(config.sage.companyDir, SEED);
    const today = new Date().toISOString().slice(0, 10);
    const client = createManageClient(config.manage, silentLogger());
    await plainFetch(client, today); // warm the sandbox's answers for the fetch and the run alike
    const fetchMs = await plainFetch(client, today);

    const app = await createApp(config, silentLogger());
    const marks: Partial<Record<Progress['phase'] | 'posted', number>> = {};
    const onProgress = (p: Progress) => {
      marks[p.phase] ??= performance.now();
      if (p.phase === 'posting' && p.total && p.done === p.total) marks.posted ??= performance.now();
    };
    const batch = `BENCH-${latencyMs}`;
    settle();
    const started = performance.now();
    const result = await app.engine.run('invoices', { user: USER, batchId: batch, onProgress });
    const engineMs = performance.now() - started;
    await app.close();
    if (result.outcome !== 'completed') throw new Error(`bench run ${result.outcome}: ${result.problems[0]?.message}`);
    const ended = started + engineMs;
    const phases: Phases = {
      read: (marks.posting ?? ended) - started,
      posting: (marks.posted ?? ended) - (marks.posting ?? ended),
      // After the last document: Sage's read-back of the batch, disconnecting, the Manage batch and its read-back.
      batching: ended - (marks.posted ?? ended),
    };

    const runDir = join(config.dataDir, 'runs', result.runId);
    const plan = JSON.parse(readFileSync(join(runDir, 'plan.json'), 'utf8')) as RunPlan;
    const docs = plan.records.reduce((n, r) => n + r.documents.length, 0);
    // The machine is shared: the company alone twice, right after the run, and the mean.
    const sageMs =
      ((await postDirectly(plan, join(dir, 'baseline'))) + (await postDirectly(plan, join(dir, 'baseline')))) / 2;
    const batchMs = await batchAlone(client, runDir, batch);
    const parts = fetchMs + sageMs + batchMs;
    const ratio = engineMs / parts;
    const mode = latencyMs ? `+${latencyMs} ms per Manage answer` : 'no added latency';
    log(
      `run of ${result.posted.length} invoices (${docs} Sage documents, ${mode}): ${secs(engineMs)} s; its parts alone ${secs(parts)} s = ${ratio.toFixed(3)}x (goal <= 1.15x)`,
    );
    log(
      `  reading Manage + validating ${secs(phases.read)} s vs plain fetch ${secs(fetchMs)} s; posting ${secs(phases.posting)} s vs the company alone ${secs(sageMs)} s (${(phases.posting / sageMs).toFixed(3)}x); ` +
        `after posting (Sage read-back, Manage batch, its read-back) ${secs(phases.batching)} s vs one batch POST and read-back ${secs(batchMs)} s`,
    );
    return {
      latencyMs,
      invoices: result.posted.length,
      documents: docs,
      engineSeconds: +secs(engineMs),
      partsSeconds: +secs(parts),
      ratio: +ratio.toFixed(3),
      phases: {
        readAndValidateSeconds: +secs(phases.read),
        plainFetchSeconds: +secs(fetchMs),
        postingSeconds: +secs(phases.posting),
        sageAloneSeconds: +secs(sageMs),
        postingVsSage: +(phases.posting / sageMs).toFixed(3),
        batchingSeconds: +secs(phases.batching),
        batchAloneSeconds: +secs(batchMs),
      },
    };
  } finally {
    await sb.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchExport(log: (line: string) => void): Promise<Record<string, unknown>> {
  // Warm up both paths (JIT, SQLite statement caches) so neither side pays it alone.
  const warmDir = mkdtempSync(join(tmpdir(), 'sagebot-bench-warm-'));
  try {
    const config = loadConfig({ SAGEBOT_DATA_DIR: join(warmDir, 'data'), SAGE_COMPANY_DIR: join(warmDir, 'sage') });
    await initCompany(config.sage.companyDir, SEED);
    const app = await createApp(config, silentLogger(), { sandbox: { data: scenarioOf(200) } });
    await app.engine.run('invoices', { user: USER, batchId: 'WARM' });
    await app.close();
  } finally {
    rmSync(warmDir, { recursive: true, force: true });
  }
  const rounds: Array<Record<string, unknown>> = [];
  for (let i = 0; i < ROUNDS; i++) rounds.push(await runVsParts(log, 0));
  const byRatio = [...rounds].sort((a, b) => (a.ratio as number) - (b.ratio as number));
  const run = byRatio[Math.floor(byRatio.length / 2)];
  log(`run vs its parts, ${ROUNDS} rounds: ${rounds.map((r) => `${r.ratio}x`).join(', ')}; median ${run.ratio}x`);
  const withLatency = await runVsParts(log, LATENCY_MS);
  const goals: GoalRow[] = [
    goal('export', `run of ${COUNT} vs its parts alone`, run.ratio as number, '<=', 1.15, 'x', `median of ${ROUNDS}`),
    goal(
      'export',
      'the same, Manage latency',
      withLatency.ratio as number,
      '<=',
      1.15,
      'x',
      `+${LATENCY_MS} ms/answer`,
    ),
  ];
  return { run, rounds: rounds.map((r) => r.ratio), withLatency, goals };
}
