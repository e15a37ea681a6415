/**
 * Export engine benchmark (`npm run bench -- export`):
 *  1. preview of 5,000 unposted invoices from the sandbox over HTTP: requests (must be O(pages)), time, memory;
 *  2. a 5,000-invoice run against the time the embedded Sage company alone takes to post the very same
 *     documents (taken from the run's journal plan) in the same process: the engine's overhead as a ratio
 *     (Manage reads, mapping checks, exactly-once look-ups, journal and batch included; aim under 1.25).
 * Manage is a remote server in real life, so the sandbox runs in its own process (`sagebot sandbox`) for the
 * headline figures; the ratio with the sandbox inside the engine's process (its CPU counted) is shown too.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../adapters/app/app.ts';
import { loadConfig, SANDBOX_CREDENTIALS } from '../core/config.ts';
import type { RunPlan } from '../core/export/plan-types.ts';
import type { Progress } from '../core/export/types.ts';
import { silentLogger } from '../core/logger.ts';
import { extraInvoices } from '../core/manage/sandbox/demo-transactions.ts';
import { demoScenario } from '../core/manage/sandbox/index.ts';
import { type CompanySeed, EmbeddedLedger, initCompany } from '../core/sage/embedded/index.ts';
import type { SageLedger } from '../core/sage/ledger.ts';
import { scaled } from './report.ts';

const COUNT = scaled(5000, 50);
const USER = { id: 'bench', name: 'Bench Runner' };
const SEED: CompanySeed = {
  financialYearStart: '2025-01-01',
  departments: [
    { number: 10, name: 'SERV' },
    { number: 11, name: 'PROJ' },
    { number: 12, name: 'MSP' },
    { number: 13, name: 'HW' },
  ],
  nominals: [{ code: '4110', name: 'Sales - Software licences' }],
  products: [{ code: 'M365-BP', description: 'Microsoft 365 Business Premium', itemType: 'non-stock' }],
};

function scenarioOf(count: number) {
  const demo = demoScenario();
  return { ...demo, invoices: extraInvoices(count, []), expenses: [], procurement: [], batches: [], payments: [] };
}

function peakSampler() {
  let peak = process.memoryUsage().rss;
  const t = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  return {
    stop: () => {
      clearInterval(t);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

/** `sagebot sandbox` in its own process with `count` clean invoices; resolves once it listens. */
async function externalSandbox(dir: string, count: number): Promise<{ url: string; child: ChildProcess }> {
  const file = join(dir, 'scenario.json');
  writeFileSync(file, JSON.stringify(scenarioOf(count)));
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(import.meta.dirname, '..', 'adapters', 'cli', 'main.ts'),
      'sandbox',
      '--port',
      '0',
      '--data',
      file,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /API base URL:\s+(\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`sandbox exited (${code}): ${out}`)));
  });
  return { url, child };
}

async function world(count: number, where: 'external' | 'in-process' = 'external') {
  const dir = mkdtempSync(join(tmpdir(), 'sagebot-bench-export-'));
  const external = where === 'external' ? await externalSandbox(dir, count) : undefined;
  const c = SANDBOX_CREDENTIALS;
  const config = loadConfig({
    SAGEBOT_DATA_DIR: join(dir, 'data'),
    SAGE_COMPANY_DIR: join(dir, 'sage'),
    SAGEBOT_TIMEZONE: 'Europe/London',
    ...(external
      ? {
          MANAGE_URL: external.url,
          MANAGE_COMPANY_ID: c.companyId,
          MANAGE_CLIENT_ID: c.clientId,
          MANAGE_PUBLIC_KEY: c.publicKey,
          MANAGE_PRIVATE_KEY: c.privateKey,
        }
      : {}),
  });
  await initCompany(config.sage.companyDir, SEED);
  const app = await createApp(config, silentLogger(), external ? {} : { sandbox: { data: scenarioOf(count) } });
  return {
    dir,
    config,
    app,
    async close() {
      await app.close();
      external?.child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Post a plan's documents straight into a fresh company: the embedded company's own cost. */
async function postDirectly(plan: RunPlan, dir: string): Promise<number> {
  await initCompany(dir, SEED, { force: true });
  const ledger: SageLedger = new EmbeddedLedger();
  await ledger.connect({ companyDir: dir, user: 'MANAGER', password: '' });
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

async function benchPreview(log: (l: string) => void): Promise<Record<string, unknown>> {
  const w = await world(COUNT);
  try {
    const before = w.app.manage.stats.requestCount;
    global.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    const peak = peakSampler();
    const started = performance.now();
    const preview = await w.app.engine.preview('invoices', { user: USER });
    const ms = performance.now() - started;
    const rss = peak.stop();
    const requests = w.app.manage.stats.requestCount - before;
    log(
      `preview of ${preview.transactions.length} invoices: ${requests} HTTP requests, ${(ms / 1000).toFixed(2)} s, peak RSS ${(rss / 2 ** 20).toFixed(0)} MiB, heap +${((process.memoryUsage().heapUsed - heap0) / 2 ** 20).toFixed(0)} MiB, ${preview.problems.length} problems`,
    );
    return {
      invoices: preview.transactions.length,
      httpRequests: requests,
      seconds: +(ms / 1000).toFixed(2),
      peakRssMiB: Math.round(rss / 2 ** 20),
      problems: preview.problems.length,
    };
  } finally {
    await w.close();
  }
}

async function benchRun(log: (l: string) => void, where: 'external' | 'in-process'): Promise<Record<string, unknown>> {
  const w = await world(COUNT, where);
  try {
    let postingStarted = 0;
    let postingEnded = 0;
    const onProgress = (p: Progress) => {
      if (p.phase === 'posting' && !postingStarted) postingStarted = performance.now();
      if (p.phase === 'posting' && p.done === p.total) postingEnded = performance.now();
    };
    const started = performance.now();
    const result = await w.app.engine.run('invoices', { user: USER, batchId: 'BENCH-I', onProgress });
    const engineMs = performance.now() - started;
    const runDir = join(w.app.folder.runs, result.runId);
    const plan = JSON.parse(readFileSync(join(runDir, 'plan.json'), 'utf8')) as RunPlan;
    const docs = plan.records.reduce((n, r) => n + r.documents.length, 0);
    // The machine is shared: measure the company alone right after the run, twice, and take the mean.
    const sageMs =
      ((await postDirectly(plan, join(w.dir, 'baseline'))) + (await postDirectly(plan, join(w.dir, 'baseline')))) / 2;
    const ratio = engineMs / sageMs;
    const postingRatio = (postingEnded - postingStarted) / sageMs;
    log(
      `  of which reading Manage and validating ${((postingStarted - started) / 1000).toFixed(2)} s, posting ${((postingEnded - postingStarted) / 1000).toFixed(2)} s ` +
        `(posting phase vs the company alone: ${postingRatio.toFixed(3)}), recording the Manage batch ${((started + engineMs - postingEnded) / 1000).toFixed(2)} s`,
    );
    log(
      `run of ${result.posted.length} invoices (${docs} Sage documents, ${result.outcome}, sandbox ${where}): engine ${(engineMs / 1000).toFixed(2)} s; ` +
        `the embedded company alone ${(sageMs / 1000).toFixed(2)} s; overhead ratio ${ratio.toFixed(3)}${where === 'external' ? ' (aim < 1.25)' : ''}`,
    );
    if (where === 'external') log(`  run files: ${readdirSync(runDir).join(', ')}`);
    return {
      invoices: result.posted.length,
      documents: docs,
      outcome: result.outcome,
      engineSeconds: +(engineMs / 1000).toFixed(2),
      sageAloneSeconds: +(sageMs / 1000).toFixed(2),
      overheadRatio: +ratio.toFixed(3),
      postingPhaseRatio: +postingRatio.toFixed(3),
      readAndValidateSeconds: +((postingStarted - started) / 1000).toFixed(2),
    };
  } finally {
    await w.close();
  }
}

export async function benchExport(log: (line: string) => void): Promise<Record<string, unknown>> {
  // Warm up both paths (JIT, SQLite statement caches) so neither side pays it alone.
  const warm = await world(200, 'in-process');
  await warm.app.engine.run('invoices', { user: USER, batchId: 'WARM' });
  await warm.close();
  const preview = await benchPreview(log);
  const run = await benchRun(log, 'external');
  const runWithSandboxInProcess = await benchRun(log, 'in-process');
  return { preview, run, runWithSandboxInProcess };
}
