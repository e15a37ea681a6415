/**
 * Payment sync benchmark: 10,000 Manage invoices in the sandbox (one in five split into invoice <n>0 and credit
 * note <n>1 in Sage), all transferred to an embedded Sage company; 1,000 paid last month (before the start
 * date), 500 with payments this month (full, part, credit allocations). The sync must write exactly 500
 * payments, then 0 on a second run. Prints the time of each run and the Manage requests it made, by kind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../core/logger.ts';
import { createManageClient } from '../core/manage/client.ts';
import { createSandbox, demoScenario, type Sandbox } from '../core/manage/sandbox/index.ts';
import type { SbInvoice } from '../core/manage/sandbox/scenario.ts';
import { taxAt } from '../core/money.ts';
import { createPaymentSync } from '../core/payments/sync.ts';
import type { PaymentSyncReport } from '../core/payments/types.ts';
import { EmbeddedLedger, initCompany } from '../core/sage/embedded/index.ts';
import type { SageLedger } from '../core/sage/ledger.ts';
import { openAuditLog } from '../storage/audit-log.ts';
import { openPaymentSyncState } from '../storage/payment-sync-state.ts';

const INVOICES = 10_000;
const CHANGED = 500;
const PAID_BEFORE = 1_000;
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
    let t = Date.now();
    await withLedger(async (l) => {
      await buildSage(l, all);
      await recordPayments(l, all);
    });
    const setupSeconds = (Date.now() - t) / 1000;
    log(
      `setup: ${INVOICES} Manage invoices, ${INVOICES + all.filter((s) => s.neg).length} Sage documents, payments recorded (${setupSeconds.toFixed(1)} s)`,
    );

    const client = createManageClient(sandbox.config(), silentLogger());
    const sync = createPaymentSync({
      manage: client,
      withLedger,
      state: openPaymentSyncState(join(dir, 'payment-sync.json')),
      audit: openAuditLog(join(dir, 'audit.jsonl')),
      settings: async () => ({ splitInvoicing: true }),
      timeZone: 'Europe/London',
      machine: 'BENCH',
      logger: silentLogger(),
    });
    const user = { id: 'bench', name: 'Bench' };
    const runs: Array<Record<string, unknown>> = [];
    for (const label of ['first run', 'second run']) {
      const from = sandbox.requests.length;
      t = performance.now();
      const marks: number[] = [];
      const r: PaymentSyncReport = await sync.sync({
        since: SINCE,
        user,
        onProgress: (p) => {
          if (p.phase === 'validating') marks[p.done] = performance.now();
        },
      });
      const ms = performance.now() - t;
      const end = performance.now();
      const phases = {
        sageMs: Math.round(marks[1] - marks[0]),
        manageLookupMs: Math.round(marks[2] - marks[1]),
        decideMs: Math.round(marks[3] - marks[2]),
        writeAndRecordMs: Math.round(end - marks[3]),
      };
      const requests = countRequests(sandbox, from);
      runs.push({
        label,
        ms: Math.round(ms),
        phases,
        sageDocuments: r.sageDocuments,
        checked: r.checked,
        manageWrites: r.manageWrites,
        updated: r.updated.length,
        unchanged: r.unchanged,
        problems: r.problems.length,
        requests,
      });
      log(
        `${label}: ${ms.toFixed(0)} ms; ${r.sageDocuments} Sage documents changed -> ${r.checked} Manage invoices checked; writes ${r.manageWrites}, unchanged ${r.unchanged}, problems ${r.problems.length}; ` +
          `Manage requests ${requests.total} (invoice lookups ${requests.invoiceLookups}, payment reads ${requests.paymentReads}, payment writes ${requests.paymentWrites}, other ${requests.other})`,
      );
      log(
        `  phases: Sage read ${phases.sageMs} ms, Manage lookup ${phases.manageLookupMs} ms, matching ${phases.decideMs} ms, writes + audit ${phases.writeAndRecordMs} ms`,
      );
      if (r.problems.length)
        log(
          `  problems: ${r.problems
            .slice(0, 3)
            .map((p) => `${p.code} ${p.record}`)
            .join('; ')}`,
        );
    }
    const [first, second] = runs;
    const ok = first.manageWrites === CHANGED && second.manageWrites === 0;
    log(
      ok
        ? `OK: ${CHANGED} writes, then 0`
        : `NOT OK: expected ${CHANGED} writes then 0, got ${String(first.manageWrites)} then ${String(second.manageWrites)}`,
    );
    if (!ok) process.exitCode = 1;
    return { invoices: INVOICES, changed: CHANGED, setupSeconds, first, second, ok };
  } finally {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
