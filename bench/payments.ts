/**
 * Payment sync benchmark: 10,000 Manage invoices in the sandbox (one in five split into invoice <n>0 and credit
 * note <n>1 in Sage), all transferred to an embedded Sage company; 1,000 paid last month (before the start
 * date), 500 with payments this month (full, part, credit allocations). The sync must write exactly 500
 * payments, then 0 on a second run. Prints the time of each run and the Manage requests it made, by kind.
 *
 * Then the same two runs again (the sandbox's payments reset) with 300 ms added to every Manage answer: the
 * extra time of each part divided by the latency is how many answers followed one another (goal: at most 4
 * for what the sync reads before it writes, and for a run with nothing to write; the writes take N /
 * MANAGE_CONCURRENCY). Parts are timed from the sandbox's log, so the local Sage read is not in them; the
 * longest chain of requests that waited for one another is printed beside each.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAudit, openCompanyStores } from '../adapters/app/stores.ts';
import { dataFolder } from '../core/data-folder.ts';
import { silentLogger } from '../core/logger.ts';
import { createManageClient } from '../core/manage/client.ts';
import {
  createSandbox,
  demoScenario,
  type RequestLogEntry,
  type Sandbox,
  sequentialRoundTrips,
} from '../core/manage/sandbox/index.ts';
import type { SbInvoice } from '../core/manage/sandbox/scenario.ts';
import { taxAt } from '../core/money.ts';
import { createPaymentSync } from '../core/payments/sync.ts';
import type { PaymentSyncReport } from '../core/payments/types.ts';
import { EmbeddedLedger, initCompany } from '../core/sage/embedded/index.ts';
import type { SageLedger } from '../core/sage/ledger.ts';
import { type GoalRow, goal, scaled } from './report.ts';

const INVOICES = scaled(10_000, 100);
const CHANGED = scaled(500, 5);
const PAID_BEFORE = scaled(1_000, 10);
const LATENCY_MS = 300;
const CONCURRENCY = 4;
const CUSTOMER = 'ACME001';
const SINCE = '2026-11-01';

interface Spec {
  number: string;
  pos: number;
  neg: number;
} // whole pounds: tax at 20% is exact per half

function specs(): Spec[] {
  return Array.from({ length: INVOICES }, (_, i) => ({
    number: String(200000 + i),
    pos: 100 + (i % 900),
    neg: i % 5 === 0 ? 20 + (i % 50) : 0,
  }));
}

function sbInvoice(s: Spec, i: number): SbInvoice {
  const lines = [
    {
      id: 700000 + i * 2,
      description: 'Engineer time',
      glAccountId: 110,
      amount: s.pos,
      quantity: 1,
      taxable: true,
      kind: 'Service' as const,
    },
  ];
  if (s.neg)
    lines.push({
      id: 700001 + i * 2,
      description: 'Covered by agreement',
      glAccountId: 112,
      amount: -s.neg,
      quantity: 1,
      taxable: true,
      kind: 'Service' as const,
    });
  return {
    id: 900000 + i,
    invoiceId: 100000 + i,
    billingLogId: 50000 + i,
    invoiceNumber: s.number,
    type: 'Standard',
    companyId: 2,
    date: '2026-10-01',
    dueDays: 30,
    locationId: 1,
    taxCodeId: 1,
    closedBy: 'Jane Doe',
    lines,
  };
}

const pence = (pounds: number) => pounds * 100;
const gross = (pounds: number) => pence(pounds) + taxAt(pence(pounds), 20);

async function buildSage(ledger: SageLedger, all: Spec[]): Promise<void> {
  const line = (pounds: number) => ({
    stockCode: 'S1',
    description: 'Line',
    quantity: 1,
    unitPrice: pence(pounds),
    net: pence(pounds),
    tax: taxAt(pence(pounds), 20),
    taxCode: 'T1',
    nominal: '4000',
  });
  for (const s of all) {
    await ledger.createInvoice({
      kind: 'invoice',
      format: 'service',
      number: Number(`${s.number}0`),
      account: CUSTOMER,
      date: '2026-10-01',
      orderNumber: s.number,
      lines: [line(s.pos)],
    });
    if (s.neg)
      await ledger.createInvoice({
        kind: 'credit',
        format: 'service',
        number: Number(`${s.number}1`),
        account: CUSTOMER,
        date: '2026-10-01',
        orderNumber: s.number,
        lines: [line(s.neg)],
      });
  }
}

/** When the clerk keys a payment in (the embedded company records it): on the payment's own date here. */
let enteredAt = '2026-10-01T12:00:00.000Z';

/** Payments: PAID_BEFORE invoices in October, then CHANGED others in November (half in full, half in part). */
async function recordPayments(ledger: SageLedger, all: Spec[]): Promise<void> {
  const pay = async (s: Spec, date: string, full: boolean) => {
    enteredAt = `${date}T12:00:00.000Z`;
    if (s.neg) await ledger.allocate({ credit: `${s.number}1`, invoice: `${s.number}0`, date });
    const due = gross(s.pos) - gross(s.neg);
    await ledger.recordReceipt({
      account: CUSTOMER,
      invoice: `${s.number}0`,
      amount: full ? due : Math.floor(due / 3),
      date,
    });
  };
  for (let i = 0; i < PAID_BEFORE; i++) await pay(all[i * 7], '2026-10-20', true);
  const before = new Set(Array.from({ length: PAID_BEFORE }, (_, i) => i * 7));
  let n = 0;
  for (let i = 1; n < CHANGED; i += 13) {
    const k = i % INVOICES;
    if (before.has(k)) continue;
    before.add(k);
    await pay(all[k], `2026-11-${String(2 + (n % 25)).padStart(2, '0')}`, n % 2 === 0);
    n++;
  }
}

function countRequests(sb: Sandbox, from: number): Record<string, number> {
  const out: Record<string, number> = { total: 0, invoiceLookups: 0, paymentReads: 0, paymentWrites: 0, other: 0 };
  for (const r of sb.requests.slice(from)) {
    out.total++;
    if (r.method === 'GET' && r.path === 'finance/invoices') out.invoiceLookups++;
    else if (r.method === 'GET' && /^finance\/invoices\/\d+\/payments$/.test(r.path)) out.paymentReads++;
    else if (r.method === 'POST' && /^finance\/invoices\/\d+\/payments$/.test(r.path)) out.paymentWrites++;
    else out.other++;
  }
  return out;
}

/** The Manage side of one run from the sandbox's log: spans (ms) and chains of look-ups, writes and the whole. */
function manageParts(log: RequestLogEntry[]) {
  const writes = log.filter((r) => r.method !== 'GET' && /^finance\/invoices\/\d+\/payments/.test(r.path));
  const firstWrite = writes.length ? Math.min(...writes.map((r) => r.at)) : Number.POSITIVE_INFINITY;
  const reads = log.filter((r) => r.at < firstWrite);
  const start = Math.min(...log.map((r) => r.at));
  const end = Math.max(...log.map((r) => r.endedAt ?? r.at));
  return {
    lookupMs: (writes.length ? firstWrite : end) - start,
    writeMs: writes.length ? end - firstWrite : 0,
    totalMs: end - start,
    lookupChain: sequentialRoundTrips(reads),
    writeChain: sequentialRoundTrips(writes),
  };
}

type Run = Record<string, unknown> & { manageWrites: number; parts: ReturnType<typeof manageParts> };

async function runSync(
  sync: ReturnType<typeof createPaymentSync>,
  sandbox: Sandbox,
  label: string,
  log: (line: string) => void,
): Promise<Run> {
  const user = { id: 'bench', name: 'Bench' };
  const from = sandbox.requests.length;
  const t = performance.now();
  const marks: number[] = [];
  const r: PaymentSyncReport = await sync.sync({
    since: SINCE,
    user,
    onProgress: (p) => {
      if (p.phase === 'validating') marks[p.done] = performance.now();
    },
  });
  const end = performance.now();
  const ms = end - t;
  const phases = {
    sageMs: Math.round(marks[1] - marks[0]),
    manageLookupMs: Math.round(marks[2] - marks[1]),
    decideMs: Math.round(marks[3] - marks[2]),
    writeAndRecordMs: Math.round(end - marks[3]),
  };
  const requests = countRequests(sandbox, from);
  const parts = manageParts(sandbox.requests.slice(from));
  log(
    `${label}: ${ms.toFixed(0)} ms; ${r.sageDocuments} Sage documents changed -> ${r.checked} Manage invoices checked; writes ${r.manageWrites}, unchanged ${r.unchanged}, problems ${r.problems.length}; ` +
      `Manage requests ${requests.total} (invoice lookups ${requests.invoiceLookups}, payment reads ${requests.paymentReads}, payment writes ${requests.paymentWrites}, other ${requests.other})`,
  );
  log(
    `  phases: Sage read ${phases.sageMs} ms, Manage lookup ${phases.manageLookupMs} ms, matching ${phases.decideMs} ms, writes + audit ${phases.writeAndRecordMs} ms; ` +
      `Manage (from its log): reads before writing ${parts.lookupMs} ms (chain ${parts.lookupChain}), writes ${parts.writeMs} ms (chain ${parts.writeChain})`,
  );
  if (r.problems.length)
    log(
      `  problems: ${r.problems
        .slice(0, 3)
        .map((p) => `${p.code} ${p.record}`)
        .join('; ')}`,
    );
  return {
    label,
    ms: Math.round(ms),
    phases,
    parts,
    sageDocuments: r.sageDocuments,
    checked: r.checked,
    manageWrites: r.manageWrites,
    updated: r.updated.length,
    unchanged: r.unchanged,
    problems: r.problems.length,
    requests,
  };
}

/** Round trips a latency added: the extra time of a part divided by the latency. */
const added = (slow: number, none: number) => Math.max(0, (slow - none) / LATENCY_MS);

export async function benchPayments(log: (line: string) => void): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'sagebot-bench-payments-'));
  const all = specs();
  const sandbox = await createSandbox({ data: { ...demoScenario(), invoices: all.map(sbInvoice), payments: [] } });
  try {
    const companyDir = join(dir, 'sage');
    await initCompany(companyDir, { customers: [{ ref: CUSTOMER, name: 'Acme Widgets Ltd' }] });
    const ledger = new EmbeddedLedger({ today: () => '2026-11-30', now: () => enteredAt });
    const withLedger = async <T>(fn: (l: SageLedger) => Promise<T>): Promise<T> => {
      await ledger.connect({ companyDir, user: 'MANAGER', password: '' });
      try {
        return await fn(ledger);
      } finally {
        await ledger.disconnect();
      }
    };
    const t = Date.now();
    await withLedger(async (l) => {
      await buildSage(l, all);
      await recordPayments(l, all);
    });
    const setupSeconds = (Date.now() - t) / 1000;
    log(
      `setup: ${INVOICES} Manage invoices, ${INVOICES + all.filter((s) => s.neg).length} Sage documents, payments recorded (${setupSeconds.toFixed(1)} s)`,
    );

    const client = createManageClient(sandbox.config(), silentLogger(), { concurrency: CONCURRENCY });
    const folder = dataFolder(dir);
    const sync = createPaymentSync({
      manage: client,
      withLedger,
      state: openCompanyStores(folder).paymentSyncState,
      audit: openAudit(folder),
      settings: async () => ({ splitInvoicing: true }),
      timeZone: 'Europe/London',
      machine: 'BENCH',
      logger: silentLogger(),
      concurrency: CONCURRENCY,
    });
    // A warm-up pair first (not reported): the runs compared below should all find the code compiled.
    await runSync(sync, sandbox, 'warm-up first run', () => undefined);
    await runSync(sync, sandbox, 'warm-up second run', () => undefined);
    sandbox.reset();
    const first = await runSync(sync, sandbox, 'first run', log);
    const second = await runSync(sync, sandbox, 'second run', log);
    const ok = first.manageWrites === CHANGED && second.manageWrites === 0;
    log(
      ok
        ? `OK: ${CHANGED} writes, then 0`
        : `NOT OK: expected ${CHANGED} writes then 0, got ${String(first.manageWrites)} then ${String(second.manageWrites)}`,
    );

    // The same again against a Manage 300 ms away: its payments back to none, so the first run writes again.
    sandbox.reset();
    sandbox.setFaults({ latencyMs: LATENCY_MS });
    log(`with ${LATENCY_MS} ms added to every Manage answer (MANAGE_CONCURRENCY ${CONCURRENCY}):`);
    const slowFirst = await runSync(sync, sandbox, 'first run', log);
    const slowSecond = await runSync(sync, sandbox, 'second run', log);
    const slowOk = slowFirst.manageWrites === CHANGED && slowSecond.manageWrites === 0;
    if (!ok || !slowOk) process.exitCode = 1;

    const latency = {
      lookupsBeforeWriting: added(slowFirst.parts.lookupMs, first.parts.lookupMs),
      writes: added(slowFirst.parts.writeMs, first.parts.writeMs),
      nothingToWrite: added(slowSecond.parts.totalMs, second.parts.totalMs),
    };
    const writeBound = Math.ceil(CHANGED / CONCURRENCY) + 1;
    log(
      `  +${LATENCY_MS} ms adds: ${latency.lookupsBeforeWriting.toFixed(1)} round trips before the first write (goal <= 4; chain ${slowFirst.parts.lookupChain}), ` +
        `${latency.writes.toFixed(1)} for ${CHANGED} writes (${CHANGED} / ${CONCURRENCY} at once = ${writeBound - 1}; chain ${slowFirst.parts.writeChain}), ` +
        `${latency.nothingToWrite.toFixed(1)} for a run with nothing to write (goal <= 4; chain ${slowSecond.parts.lookupChain})`,
    );
    // The figures are the waiting chains from the sandbox's log, as in the round-trips suite: on a shared machine
    // the time difference divided by the latency is CPU noise (it is in the note and the line above).
    const goals: GoalRow[] = [
      goal(
        'payments',
        `sync reads before writing, +${LATENCY_MS} ms`,
        slowFirst.parts.lookupChain,
        '<=',
        4,
        'round trips',
        `${CHANGED} invoices to write of ${INVOICES}; by time ${latency.lookupsBeforeWriting.toFixed(1)}`,
      ),
      goal(
        'payments',
        `sync with nothing to write, +${LATENCY_MS} ms`,
        slowSecond.parts.lookupChain,
        '<=',
        4,
        'round trips',
        `second run; by time ${latency.nothingToWrite.toFixed(1)}`,
      ),
      goal(
        'payments',
        `sync writes, +${LATENCY_MS} ms`,
        slowFirst.parts.writeChain,
        '<=',
        writeBound,
        'round trips',
        `${CHANGED} writes, ${CONCURRENCY} at once (one per invoice); by time ${latency.writes.toFixed(1)}`,
      ),
      goal(
        'payments',
        'writes, then on a second run',
        ok && slowOk ? 0 : 1,
        '<=',
        0,
        'wrong runs',
        `${CHANGED}, then 0`,
      ),
    ];
    return {
      invoices: INVOICES,
      changed: CHANGED,
      setupSeconds,
      first,
      second,
      ok,
      withLatency: {
        latencyMs: LATENCY_MS,
        concurrency: CONCURRENCY,
        first: slowFirst,
        second: slowSecond,
        ok: slowOk,
      },
      addedRoundTrips: latency,
      goals,
    };
  } finally {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
