/**
 * The embedded driver: `SageLedger` over a stand-in company in a folder. Connecting checks what Sage checks
 * (company there, integration enabled, user and password, nobody in exclusive use, user not logged in
 * elsewhere) and then takes the company's writer lock for as long as the connection lasts. Each write is one
 * SQLite transaction (atomic, durable); the operation modules hold the rules.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Logger } from '../../logger.ts';
import { LedgerError, notConnected, refuse } from '../errors.ts';
import type {
  Allocation,
  BatchTransaction,
  ConnectOptions,
  DocumentKey,
  InvoiceDocument,
  Journal,
  LedgerAccount,
  LedgerDocument,
  LedgerSetup,
  NewAccount,
  PaymentStatus,
  PostedDocument,
  Product,
  PurchaseOrderDocument,
  Receipt,
  SageLedger,
  StockAdjustment,
} from '../ledger.ts';
import { createAccount, createProduct, findAccount, findProduct } from './accounts.ts';
import { settleDemoPayments } from './demo-payments.ts';
import { exportCompanyDb } from './export.ts';
import { findDocuments, readDocuments } from './find.ts';
import { hashPassword } from './init.ts';
import { createInvoice } from './invoices.ts';
import { acquireWriterLock, type WriterLock } from './lock.ts';
import { allocate, listPaymentChanges, recordReceipt } from './payments.ts';
import { createPurchaseOrder, postStockAdjustment } from './purchasing.ts';
import { type Company, createCompanyContext, type Db, getSetting, openCompanyDb, readLedgerSetup } from './store.ts';
import { postJournal, postTransaction } from './transactions.ts';

export interface EmbeddedOptions {
  logger?: Logger;
  /** How long `connect` waits for another program's writer lock before SAGE_IN_USE (ms). Default 0. */
  lockWaitMs?: number;
  /** Today's date (YYYY-MM-DD), for allocations without a date. Default: the local date. */
  today?: () => string;
  /** The entry timestamp recorded on allocations (payment sync finds back-dated receipts by it). Default: now,
   *  or midday of `today` when only `today` is given, so a test's clock stays consistent. */
  now?: () => string;
  /** What the lock holder is doing, shown to whoever is refused ("sagebot start", "sagebot ledger receipt"). */
  purpose?: string;
}

export function localToday(d = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export class EmbeddedLedger implements SageLedger {
  readonly driver = 'embedded' as const;
  private company?: Company;
  private lock?: WriterLock;
  private session?: { dir: string; user: string };

  constructor(private readonly opts: EmbeddedOptions = {}) {}

  async connect(o: ConnectOptions): Promise<void> {
    const user = (o.user ?? '').trim().toUpperCase();
    if (this.company && this.session?.dir === o.companyDir && this.session.user === user) return;
    await this.disconnect();
    const db = openCompanyDb(o.companyDir);
    try {
      checkAdmission(db, o.companyDir, user, o.password ?? '');
      this.lock = acquireWriterLock(
        o.companyDir,
        user,
        this.opts.purpose ?? `sagebot (${process.argv[1]?.split(/[\\/]/).pop() ?? 'node'})`,
        this.opts.lockWaitMs,
      );
    } catch (e) {
      db.close();
      throw e;
    }
    this.company = createCompanyContext(db, o.companyDir, user, {
      today: this.opts.today ?? (() => localToday()),
      now: this.opts.now ?? entryClock(this.opts.today),
    });
    this.session = { dir: o.companyDir, user };
    this.opts.logger?.info({ companyDir: o.companyDir, user }, 'connected to the embedded Sage company');
  }

  async disconnect(): Promise<void> {
    const c = this.company;
    this.company = undefined;
    this.session = undefined;
    try {
      c?.db.close();
    } finally {
      this.lock?.release();
      this.lock = undefined;
    }
  }

  get connected(): boolean {
    return this.company !== undefined;
  }

  async readSetup(): Promise<LedgerSetup> {
    return this.run((c) => readLedgerSetup(c.db));
  }
  async findCustomer(ref: string): Promise<LedgerAccount | undefined> {
    return this.run((c) => findAccount(c, 'customers', ref));
  }
  async createCustomer(a: NewAccount): Promise<LedgerAccount> {
    return this.run((c) => createAccount(c, 'customers', a));
  }
  async findSupplier(ref: string): Promise<LedgerAccount | undefined> {
    return this.run((c) => findAccount(c, 'suppliers', ref));
  }
  async createSupplier(a: NewAccount): Promise<LedgerAccount> {
    return this.run((c) => createAccount(c, 'suppliers', a));
  }
  async findProduct(code: string): Promise<Product | undefined> {
    return this.run((c) => findProduct(c, code));
  }
  async createProduct(p: Product): Promise<Product> {
    return this.run((c) => createProduct(c, p));
  }
  async createInvoice(doc: InvoiceDocument): Promise<PostedDocument> {
    return this.run((c) => {
      const posted = createInvoice(c, doc);
      settleDemoPayments(c);
      return posted;
    });
  }
  async postTransaction(tx: BatchTransaction): Promise<PostedDocument> {
    return this.run((c) => postTransaction(c, tx));
  }
  async postJournal(j: Journal): Promise<PostedDocument[]> {
    return this.run((c) => postJournal(c, j));
  }
  async createPurchaseOrder(po: PurchaseOrderDocument): Promise<PostedDocument> {
    return this.run((c) => createPurchaseOrder(c, po));
  }
  async postStockAdjustment(adj: StockAdjustment): Promise<PostedDocument> {
    return this.run((c) => postStockAdjustment(c, adj));
  }
  async recordReceipt(r: Receipt): Promise<PostedDocument> {
    return this.run((c) => recordReceipt(c, r));
  }
  async allocate(a: Allocation): Promise<PostedDocument> {
    return this.run((c) => allocate(c, a));
  }
  async findDocuments(key: DocumentKey): Promise<PostedDocument[]> {
    return this.run((c) => findDocuments(c, key));
  }
  async readDocuments(keys: DocumentKey[]): Promise<LedgerDocument[][]> {
    return this.run((c) => readDocuments(c, keys));
  }
  async listPaymentChanges(since: string): Promise<PaymentStatus[]> {
    return this.run((c) => listPaymentChanges(c, since));
  }

  /** The whole company as documented JSON (README.md). Not on the port: embedded only. */
  async exportCompany(): Promise<Record<string, unknown>> {
    return this.run((c) => exportCompanyDb(c.db));
  }

  private run<T>(fn: (c: Company) => T): T {
    if (!this.company) throw notConnected();
    try {
      return fn(this.company);
    } catch (e) {
      throw asLedgerError(e);
    }
  }
}

/** What Sage checks before it lets a user in, in Sage's order. */
function checkAdmission(db: Db, dir: string, user: string, password: string): void {
  if (getSetting(db, 'integration_enabled') === '0') {
    throw refuse(
      'SAGE_NOT_REGISTERED',
      'Third-party integration is not enabled for this Sage company, so sagebot cannot connect to it.',
      'In Sage 50 Accounts open Tools > Activation > Enable 3rd Party Integration and enter the activation code (from version 24 Sage enables it automatically).',
      { dir },
    );
  }
  const row = db.prepare('SELECT salt, hash, logged_in FROM users WHERE name = ?').get(user) as
    | { salt: string; hash: string; logged_in: number }
    | undefined;
  const ok = row !== undefined && timingSafeEqual(Buffer.from(hashPassword(password, row.salt)), Buffer.from(row.hash));
  if (!ok) {
    throw refuse(
      'SAGE_BAD_LOGIN',
      `Sage did not accept the user name ${user || '(blank)'} and password for the company in ${dir}.`,
      'Check SAGE_USER and SAGE_PASSWORD against the user set up in Sage (Settings > Access Rights); a new stand-in company has MANAGER with a blank password.',
      { dir, user },
    );
  }
  const exclusive = getSetting(db, 'exclusive');
  if (exclusive) {
    throw refuse(
      'SAGE_EXCLUSIVE',
      `The Sage company is in exclusive use (${exclusive}), so nobody else can log in.`,
      'Wait until the exclusive task in Sage (File Maintenance, Backup, Restore, Month or Year End...) has finished, then try again.',
      { dir },
    );
  }
  if (row.logged_in === 1) {
    throw refuse(
      'SAGE_USER_IN_USE',
      `The Sage user ${user} is already logged in to this company elsewhere.`,
      `Log ${user} out of Sage on the other computer (or give sagebot its own Sage user), then try again.`,
      { dir, user },
    );
  }
}

function asLedgerError(e: unknown): unknown {
  if (e instanceof LedgerError || !(e instanceof Error)) return e;
  const code = (e as unknown as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('SQLITE_')) {
    return new LedgerError({
      code: 'SAGE_FAILURE',
      message: `The Sage company file could not be read or written (${code}); nothing was posted.`,
      fix: 'Check the disk and the company folder, then try again.',
      cause: e,
      retryable: code === 'SQLITE_BUSY',
    });
  }
  return e;
}

/** Export the company in `dir` without connecting: reads only, so it works while another program holds the lock. */
export function exportCompany(dir: string): Record<string, unknown> {
  const db = openCompanyDb(dir);
  try {
    db.pragma('query_only = 1');
    return exportCompanyDb(db);
  } finally {
    db.close();
  }
}

function entryClock(today: (() => string) | undefined): () => string {
  return today ? () => `${today()}T12:00:00.000Z` : () => new Date().toISOString();
}
