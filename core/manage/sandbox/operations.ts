/**
 * What changes the sandbox's state, with Manage's rules as sagebot assumes them (reference §13):
 * selecting records for an export, creating a batch from processedRecordIds (record-ids.ts convention),
 * deleting a batch (records return to the unposted lists). Invoice payments are in payments.ts.
 */
import type { z } from 'zod';
import {
  CreateAccountingBatchRequestSchema,
  type ExportAccountingBatchRequest,
  ExportAccountingBatchRequestSchema,
} from '../models.ts';
import type { Selection } from './gl-export.ts';
import type { SbBatch, SbInvoice } from './scenario.ts';
import { invalid, notFound, type SandboxState } from './state.ts';

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
  const ids = (v: string[] | undefined) => v?.map((s) => Number(s)).filter(Number.isInteger);
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
      procurement: req.exportProductsFlag
        ? pick(
            unpostedProc,
            new Map(unpostedProc.map((p) => [p.id, p])),
            ids(req.includedProductIds),
            ids(req.excludedProductIds),
            'includedProductIds',
          )
        : [],
    },
  };
}

/** The records of an existing batch (for batches/{id}/export and entries). */
export function batchSelection(st: SandboxState, b: SbBatch): Selection {
  return {
    invoices: st.scenario.invoices.filter((i) => i.batchId === b.id),
    expenses: st.scenario.expenses.filter((e) => e.batchId === b.id),
    procurement: st.scenario.procurement.filter((p) => p.batchId === b.id),
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
  const sel: Selection = { invoices: [], expenses: [], procurement: [] };
  const invoiceEntries = new Map<SbInvoice, Set<number>>();
  for (const id of new Set(req.processedRecordIds)) {
    const inv = req.exportInvoicesFlag ? st.lineOwner.get(id) : undefined;
    const exp = req.exportExpensesFlag ? st.expenses.get(id) : undefined;
    const proc = req.exportProductsFlag ? st.procurement.get(id) : undefined;
    const record = inv ?? exp ?? proc;
    if (!record || record.batchId !== undefined) {
      throw invalid(`processedRecordIds: ${id} is not an unposted record of the flagged kinds`, {
        code: 'OutOfRange',
        field: 'processedRecordIds',
      });
    }
    if (inv) {
      if (!invoiceEntries.has(inv)) invoiceEntries.set(inv, new Set());
      invoiceEntries.get(inv)!.add(id);
    } else if (exp) sel.expenses.push(exp);
    else if (proc) sel.procurement.push(proc);
  }
  for (const [inv, got] of invoiceEntries) {
    if (inv.lines.some((l) => !got.has(l.id))) {
      throw invalid(`processedRecordIds: invoice ${inv.invoiceNumber} has GL entries missing from the batch`, {
        code: 'OutOfRange',
        field: 'processedRecordIds',
      });
    }
    sel.invoices.push(inv);
  }
  const batch: SbBatch = {
    id: st.nextBatchId++,
    batchIdentifier: req.batchIdentifier,
    exportInvoicesFlag: !!req.exportInvoicesFlag,
    exportExpensesFlag: !!req.exportExpensesFlag,
    exportProductsFlag: !!req.exportProductsFlag,
    closedFlag: false,
    processedRecordIds: [...new Set(req.processedRecordIds)],
  };
  st.scenario.batches.push(batch);
  st.batches.set(batch.id, batch);
  for (const r of [...sel.invoices, ...sel.expenses, ...sel.procurement]) r.batchId = batch.id;
  st.touch();
  return { batch, sel };
}

/** DELETE finance/accounting/batches/{id}: the batch's records become unposted again. */
export function deleteBatch(st: SandboxState, id: number): void {
  const b = st.batches.get(id);
  if (!b) throw notFound(`Batch ${id}`);
  for (const r of [...st.scenario.invoices, ...st.scenario.expenses, ...st.scenario.procurement])
    if (r.batchId === id) delete r.batchId;
  st.batches.delete(id);
  st.scenario.batches = st.scenario.batches.filter((x) => x.id !== id);
  st.touch();
}
