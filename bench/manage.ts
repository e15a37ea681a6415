/**
 * Benchmark: fetch 5,000+ unposted invoices and their GL export from the Manage sandbox over HTTP with the
 * real client. Reports HTTP requests (must be O(pages), not O(invoices)), time and peak memory.
 * Run alone: `node --expose-gc --import tsx bench/manage.ts`; bench/run.ts calls benchManage(log).
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { silentLogger } from '../core/logger.ts';
import { createManageClient } from '../core/manage/client.ts';
import { exportSelection } from '../core/manage/record-ids.ts';
import { createSandbox } from '../core/manage/sandbox/index.ts';

export interface ManageBenchFigures {
  invoices: number;
  transactions: number;
  /** Pages of 1,000 the list needed. */
  pages: number;
  listRequests: number;
  exportRequests: number;
  lookupRequests: number;
  totalRequests: number;
  sandboxSetupMs: number;
  listMs: number;
  exportMs: number;
  lookupMs: number;
  totalMs: number;
  peakRssMb: number;
  peakHeapUsedMb: number;
}

const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;

export async function benchManage(log: (line: string) => void = () => {}, extraInvoices = 5000): Promise<ManageBenchFigures> {
  (globalThis as { gc?: () => void }).gc?.();
  let peakRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    if (m.rss > peakRss) peakRss = m.rss;
    if (m.heapUsed > peakHeap) peakHeap = m.heapUsed;
  };
  const timer = setInterval(sample, 10);
  const started = performance.now();
  const sandbox = await createSandbox({ port: 0, extraInvoices });
  const client = createManageClient(sandbox.config(), silentLogger());
  try {
    const setupDone = performance.now();
    const invoices = await client.listUnpostedInvoices();
    const listDone = performance.now();
    const listRequests = client.requestCount;
    sample();
    const glExport = await client.exportAccounting({ ...exportSelection('invoices', invoices.map((i) => i.id)), summarizeInvoices: 'Detailed' });
    const exportDone = performance.now();
    const exportRequests = client.requestCount - listRequests;
    sample();
    const found = await client.findInvoicesByNumber(invoices.map((i) => i.invoiceNumber!));
    const lookupDone = performance.now();
    const lookupRequests = client.requestCount - listRequests - exportRequests;
    sample();
    if (glExport.transactions.length !== invoices.length || found.length !== invoices.length) {
      throw new Error(`bench: expected ${invoices.length} transactions and invoices, got ${glExport.transactions.length} and ${found.length}`);
    }
    const f: ManageBenchFigures = {
      invoices: invoices.length, transactions: glExport.transactions.length, pages: Math.ceil(invoices.length / 1000),
      listRequests, exportRequests, lookupRequests, totalRequests: client.requestCount,
      sandboxSetupMs: Math.round(setupDone - started), listMs: Math.round(listDone - setupDone),
      exportMs: Math.round(exportDone - listDone), lookupMs: Math.round(lookupDone - exportDone),
      totalMs: Math.round(lookupDone - started), peakRssMb: mb(peakRss), peakHeapUsedMb: mb(peakHeap),
    };
    log(`manage: ${f.invoices} unposted invoices in ${f.listRequests} requests (${f.pages} pages of 1000) in ${f.listMs} ms`);
    log(`manage: GL export of ${f.transactions} transactions in ${f.exportRequests} request(s) in ${f.exportMs} ms`);
    log(`manage: ${found.length} invoices found by number in ${f.lookupRequests} requests in ${f.lookupMs} ms`);
    log(`manage: ${f.totalRequests} HTTP requests in all; sandbox setup ${f.sandboxSetupMs} ms; total ${f.totalMs} ms; peak RSS ${f.peakRssMb} MB, peak heap ${f.peakHeapUsedMb} MB`);
    return f;
  } finally {
    clearInterval(timer);
    await sandbox.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await benchManage((line) => process.stdout.write(`${line}\n`));
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}
