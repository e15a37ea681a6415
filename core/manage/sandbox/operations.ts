/**
 * What changes the sandbox's state, with Manage's rules as sagebot assumes them (record-ids.ts, README.md):
 * selecting records for an export, creating a batch from processedRecordIds (record-ids.ts convention),
 * deleting a batch (records return to the unposted lists). Invoice payments are in payments.ts.
 */
import type { z } from 'zod';
import type { Kind } from '../../record-kind.ts';
import {
  CreateAccountingBatchRequestSchema,
  type ExportAccountingBatchRequest,
  ExportAccountingBatchRequestSchema,
} from '../models.ts';
import { batchEntriesOf, entryOwners, type SbRecord, unbatchEntries } from './entries.ts';
import type { Selection } from './gl-export.ts';
import type { SbBatch, SbExpense, SbInvoice, SbProcurement } from './scenario.ts';
import { invalid, notFound, type SandboxState } from './state.ts';
import { unpostedProductIdOf } from './views.ts';

function parseBody<S extends z.ZodType>(schema: S, body: unknown, what: string): z.output<S> {
  const r = schema.safeParse(body ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw invalid(`The ${what} is invalid`, {
    code: 'InvalidField',
    field: issue?.path.join('.'),
    message: issue?.message,
  });
}

const dayOf = (s: string | undefined, today: string) => (s ? s.slice(0, 10) : today);

/** The unposted records an export request selects (filters: flags, thruDate, locationId, include/exclude). */
export function selectForExport(
  st: SandboxState,
  body: unknown,
  today: string,
): { req: ExportAccountingBatchRequest; sel: Selection } {
  const req = parseBody(ExportAccountingBatchRequestSchema, body, 'export request');
  if (!req.exportInvoicesFlag && !req.exportExpensesFlag && !req.exportProductsFlag && !req.exportPaymentsFlag) {
    throw invalid('One of the export flags must be true', { code: 'InvalidField', field: 'exportInvoicesFlag' });
  }
  const thru = dayOf(req.thruDate, today);
  const inScope = (r: { date: string; locationId: number }) =>
    r.date <= thru && (!req.locationId || r.locationId === req.locationId);
  const pick = <T extends { id: number; date: string; locationId: number }>(
    all: T[],
    unposted: Map<number, T>,
    included: number[] | undefined,
    excluded: number[] | undefined,
    field: string,
  ): T[] => {
    for (const id of included ?? []) {
      if (!unposted.has(id)) throw invalid(`${field}: ${id} is not an unposted record`, { code: 'OutOfRange', field });
    }
    const inc = included?.length ? new Set(included) : undefined;
    const exc = new Set(excluded ?? []);
    return all.filter((r) => inScope(r) && (!inc || inc.has(r.id)) && !exc.has(r.id));
  };
  const unpostedInv = st.unpostedInvoices();
  const unpostedExp = st.unpostedExpenses();
  const unpostedProc = st.unpostedProcurement();
  return {
    req,
    sel: {
      invoices: req.exportInvoicesFlag
        ? pick(
            unpostedInv,
            new Map(unpostedInv.map((i) => [i.id, i])),
            req.includedInvoiceIds,
            req.excludedInvoiceIds,
            'includedInvoiceIds',
          )
        : [],
      expenses: req.exportExpensesFlag
        ? pick(
            unpostedExp,
            new Map(unpostedExp.map((e) => [e.id, e])),
            req.includedExpenseIds,
            req.excludedExpenseIds,
            'includedExpenseIds',
          )
        : [],
      inventory: req.exportProductsFlag ? pickProducts(st, unpostedProc.filter(inScope), req) : [],
    },
  };
}

/** What the export returns of a selection: all of it, but for records the scenario says it leaves out. */
export function exported(st: SandboxState, sel: Selection): Selection {
  const out = new Set(st.settings.exportLeavesOut);
  if (!out.size) return sel;
  const keep = <T extends { id: number }>(rows: T[]) => rows.filter((r) => !out.has(r.id));
  return { invoices: keep(sel.invoices), expenses: keep(sel.expenses), inventory: keep(sel.inventory) };
}

/**
 * Procurement is selected by `unpostedProductId` ("3101-adjustment"), matched verbatim. Like a real Manage, an
 * id that names no record selects nothing (the numeric id as text, say): no error, just an export without it.
 */
function pickProducts(st: SandboxState, inScope: SbProcurement[], req: ExportAccountingBatchRequest): SbProcurement[] {
  const inc = req.includedProductIds?.length ? new Set(req.includedProductIds) : undefined;
  const exc = new Set(req.excludedProductIds ?? []);
  return inScope.filter((p) => {
    const productId = unpostedProductIdOf(st, p);
    return (!inc || inc.has(productId)) && !exc.has(productId);
  });
}

/** The records of an existing batch: every record with an entry in it (for batches/{id}/export and entries). */
export function batchSelection(st: SandboxState, b: SbBatch): Selection {
  const ids = new Set(b.processedRecordIds);
  const has = (r: { batchId?: number; batchedEntries?: number[] }) =>
    r.batchId === b.id || Boolean(r.batchedEntries?.some((id) => ids.has(id)));
  return {
    invoices: st.scenario.invoices.filter(has),
    expenses: st.scenario.expenses.filter(has),
    inventory: st.scenario.procurement.filter(has),
  };
}

/** POST finance/accounting/batches: mark the records behind processedRecordIds as batched. */
export function createBatch(st: SandboxState, body: unknown): { batch: SbBatch; sel: Selection } {
  const req = parseBody(CreateAccountingBatchRequestSchema, body, 'batch');
  if ([...st.batches.values()].some((b) => b.batchIdentifier.toLowerCase() === req.batchIdentifier.toLowerCase())) {
    throw invalid('The batch object is invalid', {
      code: 'ObjectExists',
      field: 'batchIdentifier',
      message: `A batch with identifier ${req.batchIdentifier} already exists.`,
    });
  }
  if (!req.exportInvoicesFlag && !req.exportExpensesFlag && !req.exportProductsFlag) {
    throw invalid('One of the export flags must be true', { code: 'InvalidField', field: 'exportInvoicesFlag' });
  }
  if (req.processedRecordIds.length === 0)
    throw invalid('processedRecordIds is empty', { code: 'InvalidField', field: 'processedRecordIds' });
  const batch: SbBatch = {
    id: st.nextBatchId,
    batchIdentifier: req.batchIdentifier,
    exportInvoicesFlag: !!req.exportInvoicesFlag,
    exportExpensesFlag: !!req.exportExpensesFlag,
    exportProductsFlag: !!req.exportProductsFlag,
    closedFlag: false,
    processedRecordIds: [],
  };
  const { sel, accepted } = markEntries(st, req, batch.id);
  batch.processedRecordIds = accepted;
  st.nextBatchId++;
  st.scenario.batches.push(batch);
  st.batches.set(batch.id, batch);
  st.touch();
  return { batch, sel };
}

/**
 * Every id must be a GL entry of an unposted record of a flagged kind (else the whole batch is refused, as
 * Manage refuses an invalid object). Entries are marked; a record whose entries are not all batched stays
 * unposted. An entry batched before (an earlier partial batch) is accepted and left as it is.
 */
function markEntries(
  st: SandboxState,
  req: {
    exportInvoicesFlag?: boolean;
    exportExpensesFlag?: boolean;
    exportProductsFlag?: boolean;
    processedRecordIds: number[];
  },
  batchId: number,
): { sel: Selection; accepted: number[] } {
  const owners = entryOwners(st);
  const groups = new Map<SbRecord, { kind: Kind; ids: number[] }>();
  for (const id of new Set(req.processedRecordIds)) {
    const found: [SbRecord | undefined, Kind][] = [
      [req.exportInvoicesFlag ? owners.invoices.get(id) : undefined, 'invoices'],
      [req.exportExpensesFlag ? owners.expenses.get(id) : undefined, 'expenses'],
      [req.exportProductsFlag ? owners.inventory.get(id) : undefined, 'inventory'],
    ];
    const hit = found.find(([r]) => r);
    if (!hit) {
      throw invalid(`processedRecordIds: ${id} is not a GL entry of an unposted record of the flagged kinds`, {
        code: 'OutOfRange',
        field: 'processedRecordIds',
      });
    }
    const [record, kind] = hit as [SbRecord, (typeof hit)[1]];
    const g = groups.get(record) ?? { kind, ids: [] };
    g.ids.push(id);
    groups.set(record, g);
  }
  const sel: Selection = { invoices: [], expenses: [], inventory: [] };
  const accepted: number[] = [];
  for (const [record, g] of groups) {
    accepted.push(...batchEntriesOf(st, g.kind, record, g.ids, batchId));
    if (g.kind === 'invoices') sel.invoices.push(record as SbInvoice);
    else if (g.kind === 'expenses') sel.expenses.push(record as SbExpense);
    else sel.inventory.push(record as SbProcurement);
  }
  return { sel, accepted };
}

/** DELETE finance/accounting/batches/{id}: the batch's records become unposted again. */
export function deleteBatch(st: SandboxState, id: number): void {
  const b = st.batches.get(id);
  if (!b) throw notFound(`Batch ${id}`);
  const ids = new Set(b.processedRecordIds);
  for (const r of [...st.scenario.invoices, ...st.scenario.expenses, ...st.scenario.procurement])
    unbatchEntries(r, ids, id);
  st.batches.delete(id);
  st.scenario.batches = st.scenario.batches.filter((x) => x.id !== id);
  st.touch();
}
