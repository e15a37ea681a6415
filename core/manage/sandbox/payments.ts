/**
 * Invoice payments in the sandbox, modelled on what integrations report of a real Manage: one payment per
 * invoice (a second POST is refused; a later instalment PATCHes the one there is), positive amounts only
 * (a credit memo's payment too), and a payment type code the server knows ("P", as integrations send it).
 * A payment never takes more than the invoice's total, in magnitude.
 */
import { z } from 'zod';
import { fromMinor, toMinor } from '../../money.ts';
import type { SbInvoice, SbPayment } from './scenario.ts';
import { invalid, notFound, type SandboxState } from './state.ts';

/** Payment type codes this Manage accepts. Real integrations send "P"; nothing official lists the values. */
export const SANDBOX_PAYMENT_TYPES = ['P'];

const amount = z.number().refine((n) => n > 0, 'must be a positive amount');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'must be a date');

const NewPaymentSchema = z.object({
  type: z.string().optional(),
  amount,
  paymentDate: date,
  appliedBy: z.string().max(50).optional(),
});

const PatchSchema = z
  .array(
    z.object({
      op: z.enum(['replace', 'add']),
      path: z.string().transform((p) => p.replace(/^\//, '')),
      value: z.unknown(),
    }),
  )
  .min(1);

const PATCHABLE = z.object({ amount, paymentDate: date, appliedBy: z.string().max(50) }).partial();

function refused(message: string, field: string, code = 'InvalidField') {
  return invalid(message, { code, field, message });
}

function invoiceOf(st: SandboxState, financeInvoiceId: number): SbInvoice {
  const inv = st.invoicesByFinanceId.get(financeInvoiceId);
  if (!inv) throw notFound(`Invoice ${financeInvoiceId}`);
  return inv;
}

/** The most a payment on this invoice may be: the invoice total in magnitude less the other payments. */
function room(st: SandboxState, inv: SbInvoice, except?: SbPayment): number {
  const others = st.paymentsOf(inv.invoiceId).filter((p) => p !== except);
  return Math.abs(st.totals(inv).gross) - others.reduce((s, p) => s + toMinor(Math.abs(p.amount)), 0);
}

function checkRoom(st: SandboxState, inv: SbInvoice, value: number, except?: SbPayment): void {
  const left = room(st, inv, except);
  if (toMinor(value) > left) {
    throw invalid(`The payment amount exceeds the invoice balance (${fromMinor(Math.max(0, left))})`, {
      code: 'OutOfRange',
      field: 'amount',
    });
  }
}

/** POST finance/invoices/{id}/payments. */
export function addPayment(st: SandboxState, financeInvoiceId: number, body: unknown): SbPayment {
  const inv = invoiceOf(st, financeInvoiceId);
  const p = parseStrict(NewPaymentSchema, body, 'payment');
  const type = p.type ?? SANDBOX_PAYMENT_TYPES[0];
  if (!SANDBOX_PAYMENT_TYPES.includes(type)) {
    throw refused(`Payment type '${type}' is not valid (use one of ${SANDBOX_PAYMENT_TYPES.join(', ')})`, 'type');
  }
  if (st.paymentsOf(financeInvoiceId).length > 0) {
    throw invalid('Only one payment is allowed per invoice: update the existing payment instead', {
      code: 'InvalidObject',
      field: 'invoice',
    });
  }
  checkRoom(st, inv, p.amount);
  const payment: SbPayment = {
    id: st.nextPaymentId++,
    invoiceId: financeInvoiceId,
    type,
    amount: p.amount,
    paymentDate: p.paymentDate,
    appliedBy: p.appliedBy,
  };
  st.scenario.payments.push(payment);
  st.paymentsOf(financeInvoiceId).push(payment);
  st.touch();
  return payment;
}

export function findPayment(st: SandboxState, financeInvoiceId: number, paymentId: number): SbPayment {
  invoiceOf(st, financeInvoiceId);
  const p = st.paymentsOf(financeInvoiceId).find((x) => x.id === paymentId);
  if (!p) throw notFound(`Payment ${paymentId}`);
  return p;
}

/** PATCH finance/invoices/{id}/payments/{paymentId}: JSON Patch `replace` of amount, paymentDate, appliedBy. */
export function patchPayment(st: SandboxState, financeInvoiceId: number, paymentId: number, body: unknown): SbPayment {
  const inv = invoiceOf(st, financeInvoiceId);
  const payment = findPayment(st, financeInvoiceId, paymentId);
  const ops = parseStrict(PatchSchema, body, 'patch');
  const change: Record<string, unknown> = {};
  for (const op of ops) {
    if (!['amount', 'paymentDate', 'appliedBy'].includes(op.path)) {
      throw refused(`The field '${op.path}' of a payment cannot be changed`, op.path);
    }
    change[op.path] = op.value;
  }
  const c = parseStrict(PATCHABLE, change, 'payment');
  if (c.amount !== undefined) checkRoom(st, inv, c.amount, payment);
  Object.assign(payment, c);
  st.touch();
  return payment;
}

function parseStrict<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const r = schema.safeParse(body ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue?.path.join('.') ?? '';
  throw refused(`The ${what} is invalid: ${field ? `${field} ` : ''}${issue?.message ?? ''}`.trim(), field);
}
