/**
 * Record endpoints of the client: invoices (found by number in chunks), invoice payments (one per invoice,
 * created once and then updated), and the lookups
 * the mapping checks need (companies, members, GL accounts, tax codes with levels, product types, catalog,
 * purchase orders, locations, currencies).
 */

import { mapLimit } from '../concurrency.ts';
import { toMinor } from '../money.ts';
import type { ManageApi } from './api.ts';
import { encodeQueryValue, inList, literal } from './conditions.ts';
import type { EndpointContext } from './endpoint-context.ts';
import { isManageError, ManageError } from './errors.ts';
import {
  CatalogItemSchema,
  CompanySchema,
  CurrencySchema,
  GLAccountSchema,
  type Invoice,
  type InvoicePayment,
  type InvoicePaymentChange,
  InvoicePaymentSchema,
  InvoiceSchema,
  LocationSchema,
  MemberSchema,
  type NewInvoicePayment,
  ProductTypeSchema,
  PurchaseOrderSchema,
  TaxCodeLevelSchema,
  TaxCodeSchema,
} from './models.ts';
import { parseItem } from './paging.ts';

type RecordEndpoints = Pick<
  ManageApi,
  | 'findInvoicesByNumber'
  | 'getInvoice'
  | 'listInvoicePayments'
  | 'createInvoicePayment'
  | 'updateInvoicePayment'
  | 'samplePaymentType'
  | 'listCompanies'
  | 'listMembers'
  | 'listGlAccounts'
  | 'listTaxCodes'
  | 'listTaxCodeLevels'
  | 'listProductTypes'
  | 'listCatalogItems'
  | 'listPurchaseOrders'
  | 'listLocations'
  | 'listCurrencies'
>;

export function recordEndpoints(ctx: EndpointContext): RecordEndpoints {
  const listPayments = (invoiceId: number) => ctx.list(`finance/invoices/${invoiceId}/payments`, InvoicePaymentSchema);
  return {
    findInvoicesByNumber: (numbers) => findInvoicesByNumber(ctx, numbers),
    getInvoice: (id) => ctx.get(`finance/invoices/${id}`, InvoiceSchema),
    listInvoicePayments: listPayments,
    createInvoicePayment: (invoiceId, p) => createPaymentSafely(ctx, invoiceId, p, listPayments),
    updateInvoicePayment: (invoiceId, paymentId, change) => updatePayment(ctx, invoiceId, paymentId, change),
    samplePaymentType: () => samplePaymentType(ctx, listPayments),
    listCompanies: (conditions) => ctx.list('company/companies', CompanySchema, conditions),
    listMembers: (conditions) => ctx.list('system/members', MemberSchema, conditions),
    listGlAccounts: (conditions) => ctx.list('finance/glAccounts', GLAccountSchema, conditions),
    listTaxCodes: () => ctx.list('finance/taxCodes', TaxCodeSchema),
    listTaxCodeLevels: (taxCodeId) => ctx.list(`finance/taxCodes/${taxCodeId}/taxCodeLevels`, TaxCodeLevelSchema),
    listProductTypes: () => ctx.list('procurement/types', ProductTypeSchema),
    listCatalogItems: (conditions) => ctx.list('procurement/catalog', CatalogItemSchema, conditions),
    listPurchaseOrders: (conditions) => ctx.list('procurement/purchaseorders', PurchaseOrderSchema, conditions),
    listLocations: () => ctx.list('system/locations', LocationSchema),
    listCurrencies: () => ctx.list('finance/currencies', CurrencySchema),
  };
}

/**
 * Split numbers into `invoiceNumber in (...)` chunks whose URL stays within `maxUrlLength` (each chunk is
 * one request unless it matches more than a page), so 10,000 numbers take about 70 requests.
 */
export function chunkForUrl(values: string[], budget: number): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let used = 0;
  for (const v of values) {
    const cost = encodeQueryValue(literal(v)).length + 1;
    if (current.length > 0 && used + cost > budget) {
      chunks.push(current);
      current = [];
      used = 0;
    }
    current.push(v);
    used += cost;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

async function findInvoicesByNumber(ctx: EndpointContext, numbers: string[]): Promise<Invoice[]> {
  const unique = [...new Set(numbers.filter((n) => n !== ''))];
  if (unique.length === 0) return [];
  const fixed = `${await ctx.baseUrl()}/finance/invoices?conditions=${encodeQueryValue('invoiceNumber in ()')}&page=1&pageSize=1000`;
  const budget = Math.max(200, ctx.maxUrlLength - fixed.length);
  const chunks = chunkForUrl(unique, budget);
  const pages = await mapLimit(chunks, ctx.concurrency, (chunk) =>
    ctx.list('finance/invoices', InvoiceSchema, inList('invoiceNumber', chunk)),
  );
  const wanted = new Set(unique);
  return pages.flat().filter((inv) => inv.invoiceNumber !== undefined && wanted.has(inv.invoiceNumber));
}

const sameDay = (a: string | undefined, b: string | undefined) => (a ?? '').slice(0, 10) === (b ?? '').slice(0, 10);
const sameAmount = (a: number | undefined, b: number) => toMinor(Math.abs(a ?? 0)) === toMinor(b);

/**
 * A payment must never be recorded twice. The ids already there are known first (given, or read); if the
 * POST's outcome is unknown, a new payment of this amount means it was applied, none means it was not (and it
 * is sent once more); anything else is reported as MANAGE_AMBIGUOUS for a person to check.
 */
async function createPaymentSafely(
  ctx: EndpointContext,
  invoiceId: number,
  p: NewInvoicePayment,
  listPayments: (id: number) => Promise<InvoicePayment[]>,
): Promise<InvoicePayment> {
  const body = {
    type: p.type,
    amount: p.amount,
    paymentDate: p.paymentDate,
    ...(p.appliedBy ? { appliedBy: p.appliedBy } : {}),
  };
  const before = new Set(p.existingPaymentIds ?? (await listPayments(invoiceId)).map((x) => x.id));
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      return (await ctx.send('POST', `finance/invoices/${invoiceId}/payments`, body, InvoicePaymentSchema, false))!;
    } catch (e) {
      if (!isManageError(e) || !e.mayHaveApplied) throw e;
      const fresh = (await listPayments(invoiceId)).filter((x) => !before.has(x.id));
      const ours = fresh.filter((x) => sameAmount(x.amount, p.amount) && sameDay(x.paymentDate, p.paymentDate));
      if (fresh.length === 1 && ours.length === 1) return ours[0];
      if (fresh.length > 0 || attempt === 2) throw ambiguous(e, `Recording a payment of ${p.amount}`, invoiceId);
      await ctx.transport.wait(ctx.transport.backoff(attempt));
    }
  }
  throw new Error('unreachable');
}

/** PATCH (JSON Patch, as Manage takes it) to an absolute amount: repeating it is harmless, so it is idempotent. */
async function updatePayment(
  ctx: EndpointContext,
  invoiceId: number,
  paymentId: number,
  change: InvoicePaymentChange,
): Promise<InvoicePayment> {
  const path = `finance/invoices/${invoiceId}/payments/${paymentId}`;
  const ops = [
    { op: 'replace', path: 'amount', value: change.amount },
    ...(change.paymentDate ? [{ op: 'replace', path: 'paymentDate', value: change.paymentDate }] : []),
    ...(change.appliedBy ? [{ op: 'replace', path: 'appliedBy', value: change.appliedBy }] : []),
  ];
  const url = `${await ctx.baseUrl()}/${path}`;
  const res = await ctx.transport.request({ method: 'PATCH', url, body: ops, idempotent: true });
  return parseItem(InvoicePaymentSchema, res.body, path, 'PATCH');
}

/** One page of one invoice: the latest with payments, then its payments' type. */
async function samplePaymentType(
  ctx: EndpointContext,
  listPayments: (id: number) => Promise<InvoicePayment[]>,
): Promise<string | undefined> {
  const res = await ctx.transport.request({
    method: 'GET',
    url: `${await ctx.baseUrl()}/finance/invoices`,
    query: { conditions: 'payments > 0', orderBy: 'id desc', page: 1, pageSize: 1, fields: 'id' },
    idempotent: true,
  });
  const first = Array.isArray(res.body) ? (res.body[0] as { id?: unknown } | undefined) : undefined;
  if (typeof first?.id !== 'number') return undefined;
  return (await listPayments(first.id)).map((p) => p.type?.trim()).find((t) => t);
}

function ambiguous(cause: unknown, what: string, invoiceId: number): ManageError {
  return new ManageError({
    code: 'MANAGE_AMBIGUOUS',
    cause,
    mayHaveApplied: true,
    message: `${what} on Manage invoice id ${invoiceId} may not have completed.`,
    fix: "Check the invoice's payments in Manage before running the payment sync again.",
  });
}
