/**
 * An end-to-end world for the payment sync: the Manage sandbox on loopback with chosen invoices (the real
 * client talks to it over HTTP), an embedded Sage company in a temporary folder, the file-backed audit log and
 * last-run state, and helpers that put a Manage invoice into Sage the way the export does (split: positive
 * lines -> invoice <n>0, negative lines -> credit note <n>1; split off: SI / SC with the Manage number).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../core/logger.ts';
import type { ManageClient } from '../../core/manage/api.ts';
import { createManageClient } from '../../core/manage/client.ts';
import { createSandbox, demoScenario, type Faults, type Sandbox } from '../../core/manage/sandbox/index.ts';
import type { InvoiceLine, SbInvoice } from '../../core/manage/sandbox/scenario.ts';
import { taxAt, toMinor } from '../../core/money.ts';
import { createPaymentSync } from '../../core/payments/sync.ts';
import type { PaymentSyncService } from '../../core/payments/types.ts';
import { EmbeddedLedger, initCompany } from '../../core/sage/embedded/index.ts';
import type { SageLedger } from '../../core/sage/ledger.ts';
import { openAuditLog } from '../../storage/audit-log.ts';
import { openPaymentSyncState } from '../../storage/payment-sync-state.ts';

export const CUSTOMER = 'ACME001';
const COMPANY_ID = 2; // Acme Widgets Ltd in the demo reference data
const TAX_STANDARD = 1;
const GL_SERVICE = 110;

export interface InvoiceSpec {
  number: string;
  type?: SbInvoice['type'];
  /** Customer-facing net amounts in pounds: negative = a credit line. Taxed at 20% unless `zeroRated`. */
  lines: number[];
  zeroRated?: boolean;
}

let nextId = 1;
export function sbInvoice(spec: InvoiceSpec): SbInvoice {
  const n = nextId++;
  const lines: InvoiceLine[] = spec.lines.map((amount, i) => ({
    id: 600000 + n * 10 + i,
    description: amount < 0 ? 'Covered by agreement' : 'Engineer time',
    glAccountId: GL_SERVICE,
    amount,
    quantity: 1,
    taxable: !spec.zeroRated,
    kind: amount < 0 ? 'Agreement' : 'Service',
  }));
  return {
    id: 880000 + n,
    invoiceId: 70000 + n,
    billingLogId: 49000 + n,
    invoiceNumber: spec.number,
    type: spec.type ?? 'Standard',
    companyId: COMPANY_ID,
    date: '2026-10-15',
    dueDays: 30,
    locationId: 1,
    taxCodeId: spec.zeroRated ? 2 : TAX_STANDARD,
    closedBy: 'Jane Doe',
    lines,
  };
}

export interface World {
  sandbox: Sandbox;
  client: ManageClient;
  ledger: EmbeddedLedger;
  sync: PaymentSyncService;
  dir: string;
  /** Post the Sage side of a Manage invoice as the export would. */
  transfer(spec: InvoiceSpec, split?: boolean): Promise<void>;
  withLedger<T>(fn: (l: SageLedger) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface WorldOptions {
  split?: boolean;
  now?: () => Date;
  /** Sandbox faults from the start (e.g. latency, so requests in flight together overlap in its log). */
  faults?: Faults;
  /** Manage requests at once, for the client's look-ups and the sync's reads and writes (default 4). */
  concurrency?: number;
  /** Longest URL the client builds for chunked look-ups (small: several chunks from few numbers). */
  maxUrlLength?: number;
}

export async function createWorld(specs: InvoiceSpec[], opts: WorldOptions = {}): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'sagebot-payments-e2e-'));
  const scenario = { ...demoScenario(), invoices: specs.map(sbInvoice), payments: [] };
  const sandbox = await createSandbox({ data: scenario, faults: opts.faults });
  const client = createManageClient(sandbox.config(), silentLogger(), {
    concurrency: opts.concurrency,
    maxUrlLength: opts.maxUrlLength,
  });
  const companyDir = join(dir, 'sage');
  await initCompany(companyDir, { customers: [{ ref: CUSTOMER, name: 'Acme Widgets Ltd' }] });
  const ledger = new EmbeddedLedger({ today: () => '2026-11-30' });
  const connect = () => ledger.connect({ companyDir, user: 'MANAGER', password: '' });
  const withLedger = async <T>(fn: (l: SageLedger) => Promise<T>): Promise<T> => {
    await connect();
    try {
      return await fn(ledger);
    } finally {
      await ledger.disconnect();
    }
  };
  const sync = createPaymentSync({
    manage: client,
    withLedger,
    state: openPaymentSyncState(join(dir, 'payment-sync.json')),
    audit: openAuditLog(join(dir, 'audit.jsonl')),
    settings: async () => ({ splitInvoicing: opts.split ?? true }),
    timeZone: 'Europe/London',
    now: opts.now ?? (() => new Date('2026-11-30T12:00:00Z')),
    machine: 'TEST-PC',
    logger: silentLogger(),
    concurrency: opts.concurrency,
  });
  return {
    sandbox,
    client,
    ledger,
    sync,
    dir,
    withLedger,
    transfer: (spec, split = opts.split ?? true) => withLedger((l) => postSageSide(l, spec, split)),
    async close() {
      await ledger.disconnect();
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Positive and negative lines as two Sage documents; tax per half at 20%, as the sandbox taxes the whole. */
async function postSageSide(l: SageLedger, spec: InvoiceSpec, split: boolean): Promise<void> {
  const rate = spec.zeroRated ? 0 : 20;
  const taxCode = spec.zeroRated ? 'T0' : 'T1';
  for (const [kind, sign, suffix] of [
    ['invoice', 1, '0'],
    ['credit', -1, '1'],
  ] as const) {
    const nets = spec.lines.filter((a) => a * sign > 0).map((a) => toMinor(Math.abs(a)));
    if (nets.length === 0) continue;
    const lines = nets.map((net) => ({
      stockCode: 'S1',
      description: 'Line',
      quantity: 1,
      unitPrice: net,
      net,
      tax: taxAt(net, rate),
      taxCode,
      nominal: '4000',
    }));
    if (split) {
      await l.createInvoice({
        kind,
        format: 'service',
        number: Number(`${spec.number}${suffix}`),
        account: CUSTOMER,
        date: '2026-10-15',
        orderNumber: spec.number,
        lines,
      });
    } else {
      await l.postTransaction({
        type: kind === 'invoice' ? 'SI' : 'SC',
        account: CUSTOMER,
        date: '2026-10-15',
        reference: spec.number,
        splits: lines.map((x) => ({ nominal: x.nominal, taxCode, net: x.net, tax: x.tax })),
      });
    }
  }
}
