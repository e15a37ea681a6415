/**
 * What the export, preview and memory benchmarks share: a Sage company seed that accepts the generated
 * invoices, the scenario of N clean unposted invoices, the Manage sandbox in its own process (as a real Manage
 * is remote), the environment that points sagebot at it, and the built CLI (`node bin/sagebot.js`).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { SANDBOX_CREDENTIALS } from '../core/config.ts';
import { extraInvoices } from '../core/manage/sandbox/demo-transactions.ts';
import { demoScenario } from '../core/manage/sandbox/index.ts';
import type { CompanySeed } from '../core/sage/embedded/index.ts';

export const ROOT = join(import.meta.dirname, '..');
export const USER = { id: 'bench', name: 'Bench Runner' };
export const SEED: CompanySeed = {
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

/** The demo reference data with `count` clean unposted invoices and nothing else to post. */
export function scenarioOf(count: number) {
  const demo = demoScenario();
  return { ...demo, invoices: extraInvoices(count, []), expenses: [], procurement: [], batches: [], payments: [] };
}

export interface ExternalSandbox {
  url: string;
  child: ChildProcess;
  /** Set the sandbox's fault knobs (`{ latencyMs }`, `{ reset: true }`) through its admin API. */
  faults(knobs: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

/** `sagebot sandbox` in its own process with `count` clean invoices (scenario file in `dir`); once it listens. */
export async function externalSandbox(dir: string, count: number): Promise<ExternalSandbox> {
  const file = join(dir, `scenario-${count}.json`);
  writeFileSync(file, JSON.stringify(scenarioOf(count)));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'adapters', 'cli', 'main.ts'), 'sandbox', '--port', '0', '--data', file],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, SAGEBOT_LOG_LEVEL: 'silent' } },
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
  const origin = new URL(url).origin;
  return {
    url,
    child,
    async faults(knobs) {
      const r = await fetch(`${origin}/__sandbox/faults`, { method: 'POST', body: JSON.stringify(knobs) });
      if (!r.ok) throw new Error(`sandbox faults: ${r.status} ${await r.text()}`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The environment that points sagebot at a sandbox at `url`, with its data and Sage company under `dir`. */
export function sandboxEnv(url: string, dir: string): Record<string, string> {
  const c = SANDBOX_CREDENTIALS;
  return {
    SAGEBOT_DATA_DIR: join(dir, 'data'),
    SAGE_COMPANY_DIR: join(dir, 'sage'),
    SAGEBOT_TIMEZONE: 'Europe/London',
    MANAGE_URL: url,
    MANAGE_COMPANY_ID: c.companyId,
    MANAGE_CLIENT_ID: c.clientId,
    MANAGE_PUBLIC_KEY: c.publicKey,
    MANAGE_PRIVATE_KEY: c.privateKey,
  };
}

/** The terminal user as an approver, so `sagebot run --yes` against a sandbox URL may post. */
export const cliApprover = () => ({ SAGEBOT_APPROVERS: `os:${userInfo().username}` });

/** Build dist/ when it is missing or older than the sources, so the CLI figures are the built code's. */
export function ensureBuilt(log: (line: string) => void): boolean {
  const probe = spawnSync(process.execPath, ['bin/sagebot.js', '--version'], { cwd: ROOT, encoding: 'utf8' });
  if (!/running the sources through tsx/.test(probe.stderr)) return true;
  log('dist/ is missing or stale: npm run build first');
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) {
    log(`build failed (${build.status}): ${build.stderr.slice(0, 400)}; the CLI figures are of the sources via tsx`);
    return false;
  }
  return true;
}

export interface ChildRun {
  ms: number;
  /** Peak resident set size of the child, MiB (from its own process.resourceUsage at exit). */
  peakRssMiB: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run `node <args>` with bench/peak-rss.mjs preloaded: wall time and the child's peak RSS. */
export function runChild(args: string[], env: Record<string, string>): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', join(ROOT, 'bench', 'peak-rss.mjs'), ...args], {
      cwd: ROOT,
      env: { ...process.env, SAGEBOT_LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      const m = /^sagebot-bench-peak-rss-kib (\d+)$/m.exec(stderr);
      resolve({ ms, peakRssMiB: m ? Number(m[1]) / 1024 : Number.NaN, code, stdout, stderr });
    });
  });
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
