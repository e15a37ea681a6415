/**
 * Record endpoints of the client: invoices (found by number in chunks), invoice payments, and the lookups
 * the mapping checks need (companies, members, GL accounts, tax codes with levels, product types, catalog,
 * purchase orders, locations, currencies).
 */

import { toMinor } from '../money.ts';
import type { ManageApi } from './api.ts';
import { type EndpointContext, mapLimit } from './client.ts';
import { encodeQueryValue, inList, literal } from './conditions.ts';
import { isManageError, ManageError } from './errors.ts';
import {
  CatalogItemSchema,
  CompanySchema,
  CurrencySchema,
  GLAccountSchema,
  type Invoice,
  type InvoicePayment,
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

type RecordEndpoints = Pick<
  ManageApi,
  | 'findInvoicesByNumber'
  | 'getInvoice'
  | 'listInvoicePayments'
  | 'createInvoicePayment'
  | 'listCompanies'
  | 'listMembers'
  | 'listGlAccounts'
  | 'listTaxCodes'
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
    listCompanies: (conditions) => ctx.list('company/companies', CompanySchema, conditions),
    listMembers: (conditions) => ctx.list('system/members', MemberSchema, conditions),
    listGlAccounts: (conditions) => ctx.list('finance/glAccounts', GLAccountSchema, conditions),
    async listTaxCodes() {
      const codes = await ctx.list('finance/taxCodes', TaxCodeSchema);
      return mapLimit(codes, ctx.concurrency, async (code) => ({
        ...code,
        levels: await ctx.list(`finance/taxCodes/${code.id}/taxCodeLevels`, TaxCodeLevelSchema),
      }));
    },
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

const sameDay = (a: string | undefined, b: string) => (a ?? '').slice(0, 10) === b.slice(0, 10);
const matches = (p: InvoicePayment, n: NewInvoicePayment) =>
  p.amount === n.amount && sameDay(p.paymentDate, n.paymentDate);

/**
 * A payment must never be recorded twice. The payments already matching (amount, day) are counted first;
 * if the POST's outcome is unknown, a new matching payment means it was applied, none means it was not
 * (and it is sent once more); anything else is reported as MANAGE_AMBIGUOUS for a person to check.
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
  // Without a known total, remember the identical payments already there so a retry can tell ours apart.
  const before =
    p.paidBefore === undefined
      ? new Set((await listPayments(invoiceId)).filter((x) => matches(x, p)).map((x) => x.id))
      : undefined;
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      return (await ctx.send('POST', `finance/invoices/${invoiceId}/payments`, body, InvoicePaymentSchema, false))!;
    } catch (e) {
      if (!isManageError(e) || !e.mayHaveApplied) throw e;
      const applied = await wasApplied(ctx, invoiceId, p, before, listPayments);
      if (applied) return applied;
      if (applied === null || attempt === 2) {
        throw new ManageError({
          code: 'MANAGE_AMBIGUOUS',
          cause: e,
          mayHaveApplied: true,
          message: `Recording a payment of ${p.amount} on Manage invoice id ${invoiceId} may not have completed.`,
          fix: "Check the invoice's payments in Manage before running the payment sync again.",
        });
      }
      await ctx.transport.wait(ctx.transport.backoff(attempt));
    }
  }
  throw new Error('unreachable');
}

/** After an ambiguous POST: the payment it created, `false` when it did not apply, `null` when it cannot be told. */
async function wasApplied(
  ctx: EndpointContext,
  invoiceId: number,
  p: NewInvoicePayment,
  before: Set<number> | undefined,
  listPayments: (id: number) => Promise<InvoicePayment[]>,
): Promise<InvoicePayment | false | null> {
  if (before === undefined) {
    const invoice = await ctx.get(`finance/invoices/${invoiceId}`, InvoiceSchema);
    const now = toMinor(invoice.payments ?? 0);
    if (now === toMinor(p.paidBefore ?? 0)) return false;
    if (now !== toMinor(p.paidBefore ?? 0) + toMinor(p.amount)) return null;
    const candidates = (await listPayments(invoiceId)).filter((x) => matches(x, p));
    return candidates.at(-1) ?? null;
  }
  const fresh = (await listPayments(invoiceId)).filter((x) => matches(x, p) && !before.has(x.id));
  if (fresh.length === 1) return fresh[0];
  return fresh.length > 1 ? null : false;
}
