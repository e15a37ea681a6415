/**
 * Benchmark of the embedded Sage company: post 10,000 invoices of 5 lines into an empty company through the
 * port (every posting one durable SQLite transaction: WAL, synchronous=FULL). Prints throughput, the time of
 * the last 1,000 postings against the first 1,000 (close to 1 = a commit costs the same in a full company as
 * in an empty one), and peak memory. The code is warmed up first on a scratch company, so the first block is
 * not a cold start. Run alone: `node --expose-gc --import tsx bench/sage.ts`; bench/run.ts
 * calls benchSage(log).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { EmbeddedLedger, initCompany } from '../core/sage/embedded/index.ts';
import type { InvoiceLine } from '../core/sage/ledger.ts';

export interface SageBenchFigures {
  invoices: number;
  linesPerInvoice: number;
  seconds: number;
  invoicesPerSecond: number;
  first1000Ms: number;
  last1000Ms: number;
  /** last 1,000 / first 1,000: should be close to 1. */
  lastToFirstRatio: number;
  /** The same ratio in CPU time, which the shared disk's fsync noise does not blur. */
  cpuLastToFirstRatio: number;
  /** Median single-posting time, last 1,000 against first 1,000 (robust to the odd slow fsync). */
  medianLastToFirstRatio: number;
  firstMedianMs: number;
  lastMedianMs: number;
  peakRssMb: number;
  peakHeapMb: number;
  companyFileMb: number;
}

const INVOICES = 10_000;
const BLOCK = 1_000;

function lines(n: number): InvoiceLine[] {
  return [1, 2, 3, 4, 5].map((i) => {
    const net = 1000 * i + (n % 97);
    return {
      stockCode: 'S1',
      description: `Service line ${i} of invoice ${n}`,
      quantity: 1,
      unitPrice: net,
      net,
      tax: Math.round(net / 5),
      taxCode: 'T1',
      nominal: i % 2 ? '4000' : '4010',
      department: i % 3,
    };
  });
}

/** Warm the code paths (JIT, SQLite caches) in a scratch company, so the first measured block is not a cold start. */
async function warmUp(root: string): Promise<void> {
  const dir = join(root, 'warm-up');
  await initCompany(dir, { customers: [{ ref: 'ACME', name: 'Acme Ltd' }] });
  const ledger = new EmbeddedLedger();
  await ledger.connect({ companyDir: dir, user: 'MANAGER', password: '' });
  for (let n = 1; n <= 500; n++)
    await ledger.createInvoice({
      kind: 'invoice',
      format: 'service',
      number: n,
      account: 'ACME',
      date: '2024-03-01',
      lines: lines(n),
    });
  await ledger.disconnect();
}

export async function benchSage(log: (line: string) => void): Promise<SageBenchFigures> {
  const root = mkdtempSync(join(tmpdir(), 'sage-bench-'));
  const dir = join(root, 'company');
  try {
    await warmUp(root);
    await initCompany(dir, {
      customers: [
        { ref: 'ACME', name: 'Acme Ltd' },
        { ref: 'BETA', name: 'Beta plc' },
      ],
    });
    const ledger = new EmbeddedLedger();
    await ledger.connect({ companyDir: dir, user: 'MANAGER', password: '' });
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    let peakRss = 0;
    let peakHeap = 0;
    const blocks: number[] = [];
    const cpuBlocks: number[] = [];
    const started = performance.now();
    let blockStart = started;
    let cpuStart = process.cpuUsage();
    const firstTimes: number[] = [];
    const lastTimes: number[] = [];
    for (let n = 1; n <= INVOICES; n++) {
      const t0 = performance.now();
      await ledger.createInvoice({
        kind: 'invoice',
        format: 'service',
        number: 100_000 + n,
        account: n % 2 ? 'ACME' : 'BETA',
        date: '2024-03-01',
        lines: lines(n),
      });
      if (n <= BLOCK) firstTimes.push(performance.now() - t0);
      else if (n > INVOICES - BLOCK) lastTimes.push(performance.now() - t0);
      if (n % BLOCK === 0) {
        const now = performance.now();
        blocks.push(now - blockStart);
        blockStart = now;
        const cpu = process.cpuUsage(cpuStart);
        cpuBlocks.push((cpu.user + cpu.system) / 1000);
        cpuStart = process.cpuUsage();
        const m = process.memoryUsage();
        peakRss = Math.max(peakRss, m.rss);
        peakHeap = Math.max(peakHeap, m.heapUsed);
        log(
          `  ${String(n).padStart(6)} invoices: last ${BLOCK} in ${(blocks.at(-1)! / 1000).toFixed(2)} s, rss ${(m.rss / 2 ** 20).toFixed(0)} MB`,
        );
      }
    }
    const seconds = (performance.now() - started) / 1000;
    await ledger.disconnect();
    const figures: SageBenchFigures = {
      invoices: INVOICES,
      linesPerInvoice: 5,
      seconds: round(seconds),
      invoicesPerSecond: round(INVOICES / seconds),
      first1000Ms: Math.round(blocks[0]),
      last1000Ms: Math.round(blocks.at(-1)!),
      lastToFirstRatio: round(blocks.at(-1)! / blocks[0]),
      cpuLastToFirstRatio: round(cpuBlocks.at(-1)! / cpuBlocks[0]),
      medianLastToFirstRatio: round(median(lastTimes) / median(firstTimes)),
      firstMedianMs: round(median(firstTimes)),
      lastMedianMs: round(median(lastTimes)),
      peakRssMb: round(peakRss / 2 ** 20),
      peakHeapMb: round(peakHeap / 2 ** 20),
      companyFileMb: round(statSync(join(dir, 'company.sqlite')).size / 2 ** 20),
    };
    log(
      `posted ${INVOICES} invoices of 5 lines in ${figures.seconds} s: ${figures.invoicesPerSecond} invoices/s (each one durable transaction)`,
    );
    log(
      `last ${BLOCK} / first ${BLOCK}: ${figures.last1000Ms} ms / ${figures.first1000Ms} ms = ${figures.lastToFirstRatio} (close to 1: commit cost does not grow with the company); in CPU time ${figures.cpuLastToFirstRatio}; median posting ${figures.lastMedianMs} ms / ${figures.firstMedianMs} ms = ${figures.medianLastToFirstRatio}`,
    );
    log(
      `peak memory: rss ${figures.peakRssMb} MB, heap ${figures.peakHeapMb} MB; company file ${figures.companyFileMb} MB`,
    );
    return figures;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchSage((line) => process.stdout.write(`${line}\n`));
}
