/**
 * Benchmark: fetch 5,000+ unposted invoices and their GL export from the Manage sandbox over HTTP with the
 * real client. Reports HTTP requests (must be O(pages), not O(invoices)), time and peak memory.
 * The sandbox runs in a child process (`sagebot sandbox`), so time and memory are the client's, as they
 * would be against a real Manage. Run alone: `node --expose-gc --import tsx bench/manage.ts`;
 * bench/run.ts calls benchManage(log).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type ManageConfig, SANDBOX_CREDENTIALS } from '../core/config.ts';
import { silentLogger } from '../core/logger.ts';
import { createManageClient } from '../core/manage/client.ts';
import { exportSelection } from '../core/manage/record-ids.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Start `sagebot sandbox --port 0 --invoices N` and wait for its base URL. */
async function startSandboxProcess(
  extraInvoices: number,
): Promise<{ url: string; child: ChildProcess; startMs: number }> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['bin/sagebot.js', 'sandbox', '--port', '0', '--invoices', String(extraInvoices)],
    {
      cwd: ROOT,
      env: { ...process.env, SAGEBOT_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`the sandbox did not start: ${out}`)), 120_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /API base URL:\s+(\S+)/.exec(out);
      if (m && out.includes('Press Ctrl-C')) {
        clearTimeout(t);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`the sandbox exited (${code}): ${out}`));
    });
  });
  return { url, child, startMs: Math.round(performance.now() - started) };
}

function sandboxConfig(baseUrl: string): ManageConfig {
  const c = SANDBOX_CREDENTIALS;
  return {
    target: { kind: 'base', baseUrl },
    companyId: c.companyId,
    clientId: c.clientId,
    auth: { kind: 'apikey', publicKey: c.publicKey, privateKey: c.privateKey },
    apiVersion: '2025.8',
    timeoutMs: 120_000,
  };
}

export interface ManageBenchFigures {
  invoices: number;
  transactions: number;
  /** Pages of 1,000 the list needed. */
  pages: number;
  listRequests: number;
  exportRequests: number;
  lookupRequests: number;
  totalRequests: number;
  /** Time for the sandbox process to start and generate its data (not part of totalMs). */
  sandboxSetupMs: number;
  listMs: number;
  exportMs: number;
  lookupMs: number;
  totalMs: number;
  peakRssMb: number;
  peakHeapUsedMb: number;
}

const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;

export async function benchManage(
  log: (line: string) => void = () => {},
  extraInvoices = 5000,
): Promise<ManageBenchFigures> {
  (globalThis as { gc?: () => void }).gc?.();
  let peakRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    if (m.rss > peakRss) peakRss = m.rss;
    if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
  };
  const timer = setInterval(sample, 10);
  const sandbox = await startSandboxProcess(extraInvoices);
  const client = createManageClient(sandboxConfig(sandbox.url), silentLogger());
  const started = performance.now();
  try {
    const setupDone = started;
    const invoices = await client.listUnpostedInvoices();
    const listDone = performance.now();
    const listRequests = client.requestCount;
    sample();
    const glExport = await client.exportAccounting({
      ...exportSelection(
        'invoices',
        invoices.map((i) => i.id),
      ),
      summarizeInvoices: 'Detailed',
    });
    const exportDone = performance.now();
    const exportRequests = client.requestCount - listRequests;
    sample();
    const found = await client.findInvoicesByNumber(invoices.map((i) => i.invoiceNumber!));
    const lookupDone = performance.now();
    const lookupRequests = client.requestCount - listRequests - exportRequests;
    sample();
    if (glExport.transactions.length !== invoices.length || found.length !== invoices.length) {
      throw new Error(
        `bench: expected ${invoices.length} transactions and invoices, got ${glExport.transactions.length} and ${found.length}`,
      );
    }
    const f: ManageBenchFigures = {
      invoices: invoices.length,
      transactions: glExport.transactions.length,
      pages: Math.ceil(invoices.length / 1000),
      listRequests,
      exportRequests,
      lookupRequests,
      totalRequests: client.requestCount,
      sandboxSetupMs: sandbox.startMs,
      listMs: Math.round(listDone - setupDone),
      exportMs: Math.round(exportDone - listDone),
      lookupMs: Math.round(lookupDone - exportDone),
      totalMs: Math.round(lookupDone - started),
      peakRssMb: mb(peakRss),
      peakHeapUsedMb: mb(peakHeap),
    };
    log(
      `manage: ${f.invoices} unposted invoices in ${f.listRequests} requests (${f.pages} pages of 1000) in ${f.listMs} ms`,
    );
    log(`manage: GL export of ${f.transactions} transactions in ${f.exportRequests} request(s) in ${f.exportMs} ms`);
    log(`manage: ${found.length} invoices found by number in ${f.lookupRequests} requests in ${f.lookupMs} ms`);
    log(
      `manage: ${f.totalRequests} HTTP requests in all, ${f.totalMs} ms; client peak RSS ${f.peakRssMb} MB, peak heap ${f.peakHeapUsedMb} MB (sandbox process started in ${f.sandboxSetupMs} ms)`,
    );
    return f;
  } finally {
    clearInterval(timer);
    await new Promise<void>((resolve) => {
      sandbox.child.once('exit', () => resolve());
      sandbox.child.kill('SIGINT');
    });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await benchManage((line) => process.stdout.write(`${line}\n`));
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}
