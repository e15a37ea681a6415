/**
 * Accounting Interface endpoints of the client: unposted lists, GL export, batches.
 * createBatch is the one write that must never happen twice; its safety protocol is spelled out below.
 */
import type { CreateBatchOptions, ManageApi, UnpostedFilter } from './api.ts';
import { and, date, eq, le } from './conditions.ts';
import type { EndpointContext } from './endpoint-context.ts';
import { isManageError, ManageError } from './errors.ts';
import { badResponse } from './http-errors.ts';
import type { ItemSink } from './json-items.ts';
import {
  type AccountingBatch,
  AccountingBatchSchema,
  BatchEntrySchema,
  type CreateAccountingBatchRequest,
  CreateAccountingBatchRequestSchema,
  GL_EXPORT_LISTS,
  type GLExport,
  GLExportSchema,
  SystemInfoSchema,
  UnpostedExpenseSchema,
  UnpostedInvoiceSchema,
  UnpostedProcurementSchema,
} from './models.ts';
import { parseItem } from './paging.ts';

const A = 'finance/accounting';

/** The date field the through-date filter compares, per unposted list. */
function unpostedConditions(f: UnpostedFilter | undefined, dateField: string): string {
  return and(
    f?.locationId !== undefined && eq('locationId', f.locationId),
    f?.throughDate !== undefined && le(dateField, date(`${f.throughDate.slice(0, 10)}T23:59:59Z`)),
  );
}

/**
 * The same filter applied to what came back, so a Manage (or a stand-in) that ignores part of `conditions` can
 * never widen a batch beyond its location and through date. A no-op when the server filtered.
 */
function within<T extends { locationId?: number | null }>(
  f: UnpostedFilter | undefined,
  dateOf: (r: T) => string | null | undefined,
) {
  return (rows: T[]): T[] =>
    rows.filter((r) => {
      if (f?.locationId !== undefined && r.locationId != null && r.locationId !== f.locationId) return false;
      const d = dateOf(r);
      return f?.throughDate === undefined || !d || d.slice(0, 10) <= f.throughDate.slice(0, 10);
    });
}

type AccountingEndpoints = Pick<
  ManageApi,
  | 'systemInfo'
  | 'listUnpostedInvoices'
  | 'listUnpostedExpenses'
  | 'listUnpostedProcurement'
  | 'exportAccounting'
  | 'listBatches'
  | 'findBatch'
  | 'createBatch'
  | 'deleteBatch'
  | 'listBatchEntries'
  | 'exportBatch'
>;

export function accountingEndpoints(ctx: EndpointContext): AccountingEndpoints {
  // Should a Manage ever hold two batches of one identifier, the newest: the one a POST just made.
  const findBatch = async (identifier: string) => {
    const found = await ctx.list(`${A}/batches`, AccountingBatchSchema, eq('batchIdentifier', identifier));
    return found
      .filter((b) => b.batchIdentifier === identifier)
      .reduce<AccountingBatch | undefined>((newest, b) => (!newest || b.id > newest.id ? b : newest), undefined);
  };
  return {
    systemInfo: () => ctx.get('system/info', SystemInfoSchema),
    listUnpostedInvoices: (f) =>
      ctx
        .list(`${A}/unpostedinvoices`, UnpostedInvoiceSchema, unpostedConditions(f, 'invoiceDate'))
        .then(within(f, (r) => r.invoiceDate)),
    listUnpostedExpenses: (f) =>
      ctx
        .list(`${A}/unpostedexpenses`, UnpostedExpenseSchema, unpostedConditions(f, 'dateExpense'))
        .then(within(f, (r) => r.dateExpense)),
    listUnpostedProcurement: (f) =>
      ctx
        .list(`${A}/unpostedprocurement`, UnpostedProcurementSchema, unpostedConditions(f, 'purchaseDate'))
        .then(within(f, (r) => r.purchaseDate)),
    exportAccounting: (req) => exportGL(ctx, `${A}/export`, req),
    listBatches: (conditions) => ctx.list(`${A}/batches`, AccountingBatchSchema, conditions),
    findBatch,
    createBatch: (req, opts) => createBatchSafely(ctx, req, findBatch, opts),
    async deleteBatch(id) {
      try {
        await ctx.send('DELETE', `${A}/batches/${id}`, undefined, undefined, true);
      } catch (e) {
        // A retried DELETE that finds nothing means the first attempt did delete it.
        if (!(isManageError(e, 'MANAGE_NOT_FOUND') && e.attempts > 1)) throw e;
      }
    },
    listBatchEntries: (batchId) => ctx.list(`${A}/batches/${batchId}/entries`, BatchEntrySchema),
    exportBatch: (batchId, req) => exportGL(ctx, `${A}/batches/${batchId}/export`, req ?? {}),
  };
}

type ListKey = keyof typeof GL_EXPORT_LISTS;

/**
 * A GL export read as it arrives: each element of each list is parsed (leniently, on its own) as it comes, so
 * the export's text and a tree of all of it are never held at once, and an odd value costs one record's repair.
 */
async function exportGL(ctx: EndpointContext, path: string, body: unknown): Promise<GLExport> {
  const sink = (): ItemSink<GLExport> => {
    const lists = new Map<ListKey, unknown[]>();
    return {
      item(key, value) {
        if (key === undefined || !Object.hasOwn(GL_EXPORT_LISTS, key)) return; // an unknown list is ignored
        const k = key as ListKey;
        let rows = lists.get(k);
        if (!rows) lists.set(k, (rows = []));
        rows.push(parseItem(GL_EXPORT_LISTS[k], value, path, 'POST', 'record'));
      },
      done(b) {
        if (b.root !== 'object')
          throw badResponse('expected a GL export (an object of lists)', { method: 'POST', path });
        const rest = parseItem(GLExportSchema, b.fields, path, 'POST');
        return Object.assign(rest, Object.fromEntries(lists)) as GLExport;
      },
    };
  };
  const res = await ctx.transport.request({
    method: 'POST',
    url: `${await ctx.baseUrl()}/${path}`,
    body,
    idempotent: true,
    sink,
  });
  return res.body as GLExport;
}

const isObjectExists = (e: unknown) =>
  isManageError(e, 'MANAGE_INVALID_OBJECT') && e.childCodes.includes('ObjectExists');

/**
 * 1. If a batch with this identifier exists already: MANAGE_BATCH_EXISTS (it is not ours). Left out when the
 *    caller has checked (`identifierChecked`): Manage's ObjectExists answer to the POST says the same.
 * 2. POST, never retried by the transport. If the outcome is unknown (dropped, timed out, 5xx), look the
 *    identifier up: found means the POST was applied; not found means it was not, so POST again.
 *    An ObjectExists answer to a repeated POST means an earlier attempt did create it.
 * 3. Read the batch back by identifier rather than trusting the POST body (record-ids.ts: which ids it holds).
 *    `onApplied` is called first, once the POST is known to have been applied, so the caller's own read-back
 *    (the unposted list) goes beside this one rather than after it.
 */
async function createBatchSafely(
  ctx: EndpointContext,
  req: CreateAccountingBatchRequest,
  findBatch: (id: string) => Promise<AccountingBatch | undefined>,
  opts: CreateBatchOptions = {},
): Promise<AccountingBatch> {
  const { onApplied } = opts;
  const body = CreateAccountingBatchRequestSchema.parse(req);
  const identifier = body.batchIdentifier;
  if (!opts.identifierChecked && (await findBatch(identifier))) throw batchExists(identifier);
  const attempts = Math.max(1, ctx.transport.policy.maxAttempts);
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await ctx.send('POST', `${A}/batches`, body, undefined, false);
      break;
    } catch (e) {
      if (isObjectExists(e)) {
        if (attempt === 1) throw batchExists(identifier, e);
        break;
      }
      if (!isManageError(e) || !e.mayHaveApplied) throw e;
      const found = await findBatch(identifier);
      if (found) {
        onApplied?.();
        return found;
      }
      if (attempt === attempts) throw e;
      await ctx.transport.wait(ctx.transport.backoff(attempt));
    }
  }
  onApplied?.();
  const created = await findBatch(identifier);
  if (!created) {
    throw new ManageError({
      code: 'MANAGE_BAD_RESPONSE',
      message: `Manage accepted batch "${identifier}" but does not list it.`,
      fix: 'Look for the batch in Manage (Finance > Accounting Interface > Open Batches) before running it again.',
    });
  }
  return created;
}

function batchExists(identifier: string, cause?: unknown): ManageError {
  return new ManageError({
    code: 'MANAGE_BATCH_EXISTS',
    cause,
    status: 400,
    message: `A batch named "${identifier}" already exists in Manage.`,
    fix: 'Choose another batch number (e.g. add -1), or use "rerun" to export that batch again.',
  });
}
