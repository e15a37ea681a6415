/**
 * The sandbox's in-memory state: the scenario plus indexes for lookups. Records are plain objects
 * from the scenario; "unposted" means "no batchId". Mutations live in operations.ts; API shapes in views.ts.
 */
import { type Minor, taxAt, toMinor } from '../../money.ts';
import type { Company, CurrencyRef, GLAccount, Member, TaxCodeWithLevels } from '../models.ts';
import type { SbBatch, SbExpense, SbInvoice, SbPayment, SbProcurement, Scenario } from './scenario.ts';

/** An HTTP error the sandbox answers with (status + Manage-style error body). */
export class SandboxHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: { code: string; message: string; errors: unknown[] | null },
  ) {
    super(body.message);
  }
}

export function invalid(message: string, child?: { code: string; field?: string; message?: string }): SandboxHttpError {
  return new SandboxHttpError(400, {
    code: 'InvalidObject',
    message,
    errors: child
      ? [{ code: child.code, message: child.message ?? message, resource: 'sandbox', field: child.field ?? '' }]
      : null,
  });
}

export function notFound(what: string): SandboxHttpError {
  return new SandboxHttpError(404, { code: 'NotFound', message: `${what} not found`, errors: null });
}

/**
 * Fast money conversions for the sandbox's own data, whose amounts are whole pence: m / 100 is the double
 * nearest the decimal amount (what JSON would carry), and Math.round(x * 100) recovers the pence exactly.
 */
export const pounds = (minor: Minor): number => minor / 100;
export const pence = (amount: number): Minor => Math.round(amount * 100);

export interface InvoiceTotals {
  net: Minor;
  taxable: Minor;
  tax: Minor;
  gross: Minor;
  rate: number;
  xref?: string;
}

export class SandboxState {
  scenario!: Scenario;
  companies = new Map<number, Company>();
  members = new Map<number, Member>();
  glAccounts = new Map<number, GLAccount>();
  taxCodes = new Map<number, TaxCodeWithLevels>();
  invoices = new Map<number, SbInvoice>();
  invoicesByFinanceId = new Map<number, SbInvoice>();
  lineOwner = new Map<number, SbInvoice>();
  expenses = new Map<number, SbExpense>();
  procurement = new Map<number, SbProcurement>();
  batches = new Map<number, SbBatch>();
  payments = new Map<number, SbPayment[]>();
  private totalsCache = new WeakMap<SbInvoice, InvoiceTotals>();
  nextBatchId = 1;
  nextPaymentId = 9001;
  /** Bumped by every change; API views are cached per version. Call touch() after changing records directly. */
  version = 0;
  private views = new Map<string, { version: number; value: unknown }>();
  /** The API base URL once the server listens: the `*_href` links Manage puts in every reference's `_info`. */
  apiBase = 'http://127.0.0.1/v4_6_release/apis/3.0';

  constructor(s: Scenario) {
    this.load(s);
  }

  /** Replace the whole state (indexes rebuilt). */
  load(s: Scenario): void {
    this.scenario = s;
    this.companies = byId(s.companies);
    this.members = byId(s.members);
    this.glAccounts = byId(s.glAccounts);
    this.taxCodes = byId(s.taxCodes);
    this.invoices = byId(s.invoices);
    this.invoicesByFinanceId = new Map(s.invoices.map((i) => [i.invoiceId, i]));
    this.lineOwner = new Map(s.invoices.flatMap((i) => i.lines.map((l) => [l.id, i] as const)));
    this.expenses = byId(s.expenses);
    this.procurement = byId(s.procurement);
    this.batches = byId(s.batches);
    this.payments = new Map();
    for (const p of s.payments) this.paymentsOf(p.invoiceId).push(p);
    this.totalsCache = new WeakMap();
    this.views = new Map();
    this.version++;
    this.nextBatchId = Math.max(0, ...s.batches.map((b) => b.id)) + 1;
    this.nextPaymentId = Math.max(9000, ...s.payments.map((p) => p.id)) + 1;
  }

  touch(): void {
    this.version++;
  }

  /** A computed view (e.g. all unposted invoices as the API shows them), recomputed only after a change. */
  cached<T>(key: string, compute: () => T): T {
    const hit = this.views.get(key);
    if (hit && hit.version === this.version) return hit.value as T;
    const value = compute();
    this.views.set(key, { version: this.version, value });
    return value;
  }

  /** A deep copy of the current state as a scenario document. */
  snapshot(): Scenario {
    return structuredClone(this.scenario);
  }

  get settings() {
    return this.scenario.settings;
  }

  unpostedInvoices(): SbInvoice[] {
    return this.scenario.invoices.filter((i) => i.batchId === undefined);
  }

  unpostedExpenses(): SbExpense[] {
    return this.scenario.expenses.filter((e) => e.batchId === undefined);
  }

  unpostedProcurement(): SbProcurement[] {
    return this.scenario.procurement.filter((p) => p.batchId === undefined);
  }

  paymentsOf(financeInvoiceId: number): SbPayment[] {
    let list = this.payments.get(financeInvoiceId);
    if (!list) this.payments.set(financeInvoiceId, (list = []));
    return list;
  }

  company(id: number | undefined): Company | undefined {
    return id === undefined ? undefined : this.companies.get(id);
  }

  companyRef(id: number | undefined) {
    const c = this.company(id);
    return c
      ? { id: c.id, identifier: c.identifier, name: c.name, _info: this.href('company/companies', c.id) }
      : undefined;
  }

  memberRef(id: number) {
    const m = this.members.get(id);
    if (!m) return { id };
    const name = `${m.firstName ?? ''} ${m.lastName ?? ''}`.trim();
    return { id: m.id, identifier: m.identifier, name, _info: this.href('system/members', m.id) };
  }

  /** A reference's `_info` as Manage sends it: `{ company_href: "<api>/company/companies/250" }`. */
  href(collection: string, id: number | undefined): Record<string, string> | undefined {
    if (id === undefined) return undefined;
    const kind = collection.split('/').at(-1)!.replace(/ies$/, 'y').replace(/s$/, '');
    return { [`${kind}_href`]: `${this.apiBase}/${collection}/${id}` };
  }

  gl(id: number): GLAccount {
    const g = this.glAccounts.get(id);
    if (!g) throw new Error(`sandbox scenario: GL account ${id} is not defined`);
    return g;
  }

  taxCode(id: number | undefined): TaxCodeWithLevels | undefined {
    return id === undefined ? undefined : this.taxCodes.get(id);
  }

  taxRate(id: number | undefined): { rate: number; xref?: string } {
    const t = this.taxCode(id);
    const level = t?.levels.find((l) => l.taxLevel === 1);
    return { rate: level?.taxRate ?? t?.levelOneRate ?? 0, xref: level?.taxCodeXref ?? t?.levelOneTaxCodeXref };
  }

  currencyCodeOf(inv: { currencyCode?: string; companyId?: number }): string {
    return inv.currencyCode ?? this.company(inv.companyId)?.currency?.currencyIdentifier ?? this.settings.baseCurrency;
  }

  currencyRef(code: string): CurrencyRef & { _info?: Record<string, string> } {
    const c = this.scenario.currencies.find((x) => x.currencyIdentifier === code);
    return c
      ? {
          id: c.id,
          currencyCode: code,
          currencyIdentifier: code,
          name: c.name,
          symbol: c.symbol,
          numberOfDecimals: c.numberOfDecimals ?? 2,
          _info: this.href('finance/currencies', c.id),
        }
      : { currencyCode: code, currencyIdentifier: code, name: code, numberOfDecimals: 2 };
  }

  /** Net, tax and gross of an invoice in minor units (tax at level 1 on the taxable lines). */
  totals(inv: SbInvoice): InvoiceTotals {
    const cached = this.totalsCache.get(inv);
    if (cached) return cached;
    const { rate, xref } = this.taxRate(inv.taxCodeId);
    let net = 0;
    let taxable = 0;
    for (const l of inv.lines) {
      const m = toMinor(l.amount);
      net += m;
      if (l.taxable) taxable += m;
    }
    const tax = taxAt(taxable, rate);
    const t = { net, taxable, tax, gross: net + tax, rate, xref };
    this.totalsCache.set(inv, t);
    return t;
  }

  /** Paid so far, in magnitude: payments are positive, a credit memo's too. */
  paidMinor(inv: SbInvoice): Minor {
    return this.paymentsOf(inv.invoiceId).reduce((s, p) => s + toMinor(Math.abs(p.amount)), 0);
  }

  /** What is left to pay, with the total's sign (a credit memo's balance is negative and moves up to zero). */
  balanceMinor(inv: SbInvoice): Minor {
    const gross = this.totals(inv).gross;
    return gross < 0 ? gross + this.paidMinor(inv) : gross - this.paidMinor(inv);
  }
}

function byId<T extends { id: number }>(items: T[]): Map<number, T> {
  return new Map(items.map((i) => [i.id, i]));
}
