/**
 * Small in-memory fakes for the payment sync's unit tests: a Sage ledger that knows only sales documents and
 * their allocations (listPaymentChanges, findDocuments), a Manage that knows only invoices and their one
 * payment each (findInvoicesByNumber, list / create / update payments), and an audit log / state store in memory. The end-to-end
 * tests use the real embedded Sage company and the real client against the sandbox instead.
 */
import type { AuditEntry, AuditLog } from '../../core/audit.ts';
import type { ManageApi } from '../../core/manage/api.ts';
import { ManageError } from '../../core/manage/errors.ts';
import type { Invoice, InvoicePayment, InvoicePaymentChange, NewInvoicePayment } from '../../core/manage/models.ts';
import { fromMinor, type Minor, toMinor } from '../../core/money.ts';
import type { LastPaymentSync, PaymentSyncStateStore } from '../../core/payments/types.ts';
import type { DocumentKey, PaymentStatus, PostedDocument, SageLedger } from '../../core/sage/ledger.ts';

interface FakeDoc {
  kind: PaymentStatus['kind'];
  reference: string;
  account: string;
  currency: string;
  gross: Minor;
  allocations: Array<{ amount: Minor; date: string }>;
}

export class FakeLedger {
  readonly docs = new Map<string, FakeDoc>();
  findCalls = 0;

  add(
    kind: PaymentStatus['kind'],
    reference: string | number,
    gross: Minor,
    opts: { account?: string; currency?: string } = {},
  ): this {
    const ref = String(reference);
    this.docs.set(`${kind}:${ref}`, {
      kind,
      reference: ref,
      account: opts.account ?? 'ACME',
      currency: opts.currency ?? 'GBP',
      gross,
      allocations: [],
    });
    return this;
  }

  /** A customer receipt allocated to an invoice (or SI). */
  receive(kind: 'invoice' | 'SI', reference: string | number, amount: Minor, date: string): this {
    this.doc(kind, reference).allocations.push({ amount, date });
    return this;
  }

  /** Allocate a credit note (or SC) to an invoice (or SI): both documents change. */
  allocate(
    credit: [PaymentStatus['kind'], string | number],
    invoice: [PaymentStatus['kind'], string | number],
    amount: Minor,
    date: string,
  ): this {
    this.doc(credit[0], credit[1]).allocations.push({ amount, date });
    this.doc(invoice[0], invoice[1]).allocations.push({ amount, date });
    return this;
  }

  /** A reversed receipt: allocations go down. */
  reverse(kind: PaymentStatus['kind'], reference: string | number, amount: Minor, date: string): this {
    this.doc(kind, reference).allocations.push({ amount: -amount, date });
    return this;
  }

  private doc(kind: PaymentStatus['kind'], reference: string | number): FakeDoc {
    const d = this.docs.get(`${kind}:${reference}`);
    if (!d) throw new Error(`fake ledger: no ${kind} ${reference}`);
    return d;
  }

  status(d: FakeDoc): PaymentStatus {
    let paid = 0;
    let fullyPaidOn: string | undefined;
    for (const a of [...d.allocations].sort((x, y) => x.date.localeCompare(y.date))) {
      paid += a.amount;
      fullyPaidOn = paid >= d.gross ? (fullyPaidOn ?? a.date) : undefined;
    }
    const lastChanged = d.allocations
      .map((a) => a.date)
      .sort()
      .at(-1)!;
    return {
      kind: d.kind,
      reference: d.reference,
      account: d.account,
      currency: d.currency,
      gross: d.gross,
      amountPaid: paid,
      fullyPaidOn,
      lastChanged,
    };
  }

  ledger(): SageLedger {
    const self = this;
    const port: Partial<SageLedger> = {
      driver: 'embedded',
      async listPaymentChanges(since: string) {
        return [...self.docs.values()]
          .filter((d) => d.allocations.some((a) => a.date >= since))
          .map((d) => self.status(d));
      },
      async findDocuments(key: DocumentKey): Promise<PostedDocument[]> {
        self.findCalls++;
        const k =
          key.doc === 'transaction'
            ? `${key.type}:${key.reference}`
            : key.doc === 'invoice' || key.doc === 'credit'
              ? `${key.doc}:${key.number}`
              : '';
        const d = self.docs.get(k);
        return d
          ? [
              {
                label: k,
                id: k,
                type: d.kind === 'invoice' || d.kind === 'credit' ? d.kind : d.kind,
                reference: d.reference,
                account: d.account,
                net: d.gross,
                tax: 0,
              },
            ]
          : [];
      },
    };
    return port as SageLedger;
  }

  withLedger = async <T>(fn: (l: SageLedger) => Promise<T>): Promise<T> => fn(this.ledger());
}

/** A write the sync sent: a POST of a new payment, or a PATCH of the one there is. */
export interface FakeWrite {
  invoiceId: number;
  method: 'POST' | 'PATCH';
  paymentId?: number;
  payment: NewInvoicePayment | InvoicePaymentChange;
}

/**
 * Manage as integrations describe it: one payment per invoice (a second POST is refused), positive amounts
 * only, a type code it knows, and a PATCH that sets the payment's amount.
 */
export class FakeManage {
  readonly invoices: Invoice[] = [];
  readonly payments = new Map<number, InvoicePayment[]>();
  readonly writes: FakeWrite[] = [];
  lookups: string[][] = [];
  failWritesFor = new Set<number>();
  /** Payment type codes this Manage accepts. */
  types = ['P'];
  /** How often the sync asked for a sample payment's type. */
  sampleReads = 0;
  private nextId = 1000;
  private nextPaymentId = 5000;

  add(number: string, total: number, opts: Partial<Invoice> & { paymentType?: string } = {}): Invoice {
    const { paymentType, ...fields } = opts;
    const inv: Invoice = {
      id: this.nextId++,
      invoiceNumber: number,
      type: total < 0 ? 'CreditMemo' : 'Standard',
      total,
      payments: 0,
      balance: total,
      currency: { currencyCode: 'GBP', numberOfDecimals: 2 },
      ...fields,
    };
    this.invoices.push(inv);
    if (inv.payments) {
      this.payments.set(inv.id, [
        {
          id: this.nextPaymentId++,
          type: paymentType ?? 'P',
          amount: Math.abs(inv.payments),
          paymentDate: '2025-03-01',
        },
      ]);
    }
    return inv;
  }

  get(number: string): Invoice {
    return this.invoices.find((i) => i.invoiceNumber === number)!;
  }

  paymentsOf(number: string): InvoicePayment[] {
    return this.payments.get(this.get(number).id) ?? [];
  }

  private settle(invoiceId: number): void {
    const inv = this.invoices.find((i) => i.id === invoiceId)!;
    const paid = (this.payments.get(invoiceId) ?? []).reduce((t, p) => t + toMinor(p.amount ?? 0), 0);
    const total = toMinor(inv.total ?? 0);
    inv.payments = fromMinor(paid);
    inv.balance = fromMinor(total < 0 ? total + paid : total - paid);
  }

  private refuse(message: string, field: string): never {
    throw new ManageError({
      code: 'MANAGE_INVALID_OBJECT',
      status: 400,
      message: `Manage refused the request: ${message}.`,
      body: { code: 'InvalidObject', message, errors: [{ code: 'InvalidField', message, field }] },
    });
  }

  private check(invoiceId: number, amount: number): void {
    if (this.failWritesFor.has(invoiceId)) {
      throw new ManageError({ code: 'MANAGE_UNAVAILABLE', message: 'Manage is unavailable (500).', retryable: true });
    }
    if (!(amount > 0)) this.refuse('amount must be positive', 'amount');
  }

  api(): ManageApi {
    const self = this;
    const port: Partial<ManageApi> = {
      async findInvoicesByNumber(numbers: string[]) {
        self.lookups.push(numbers);
        const wanted = new Set(numbers);
        return structuredClone(self.invoices.filter((i) => wanted.has(i.invoiceNumber ?? '')));
      },
      async samplePaymentType() {
        self.sampleReads++;
        const withPayments = [...self.payments.entries()].filter(([, l]) => l.length > 0).sort((a, b) => b[0] - a[0]);
        return withPayments[0]?.[1][0]?.type;
      },
      async listInvoicePayments(invoiceId: number) {
        return structuredClone(self.payments.get(invoiceId) ?? []);
      },
      async createInvoicePayment(invoiceId: number, payment: NewInvoicePayment): Promise<InvoicePayment> {
        self.check(invoiceId, payment.amount);
        if (!self.types.includes(payment.type)) self.refuse(`payment type ${payment.type} is not valid`, 'type');
        if (self.payments.get(invoiceId)?.length) self.refuse('only one payment is allowed per invoice', 'invoice');
        self.writes.push({ invoiceId, method: 'POST', payment });
        const p = {
          id: self.nextPaymentId++,
          type: payment.type,
          amount: payment.amount,
          paymentDate: payment.paymentDate,
        };
        self.payments.set(invoiceId, [p]);
        self.settle(invoiceId);
        return structuredClone(p);
      },
      async updateInvoicePayment(invoiceId: number, paymentId: number, change: InvoicePaymentChange) {
        self.check(invoiceId, change.amount);
        const p = self.payments.get(invoiceId)?.find((x) => x.id === paymentId);
        if (!p) throw new ManageError({ code: 'MANAGE_NOT_FOUND', status: 404, message: 'no such payment' });
        self.writes.push({ invoiceId, method: 'PATCH', paymentId, payment: change });
        Object.assign(p, { amount: change.amount }, change.paymentDate ? { paymentDate: change.paymentDate } : {});
        self.settle(invoiceId);
        return structuredClone(p);
      },
    };
    return port as ManageApi;
  }
}

export class MemoryAudit implements AuditLog {
  readonly entries: AuditEntry[] = [];
  async record(entry: Omit<AuditEntry, 'at'> & { at?: string }): Promise<void> {
    this.entries.push({ ...entry, at: entry.at ?? new Date().toISOString() });
  }
  async list(): Promise<AuditEntry[]> {
    return this.entries;
  }
}

export class MemoryState implements PaymentSyncStateStore {
  readonly runs = new Map<string, LastPaymentSync>();
  async lastRun(userId: string, machine: string) {
    return this.runs.get(`${machine}/${userId}`);
  }
  async recordRun(userId: string, machine: string, run: LastPaymentSync) {
    this.runs.set(`${machine}/${userId}`, run);
  }
}

/** Pence from pounds, for readable fixtures. */
export const gbp = (pounds: number): Minor => toMinor(pounds);
