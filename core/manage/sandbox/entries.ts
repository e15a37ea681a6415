/**
 * The GL entries behind each sandbox record, as public samples of real Manage show them: an invoice's
 * `glEntryIds` are not its detail line ids; an expense's VAT line and a purchase line's tax line carry ids of
 * their own; adjustments and transfers are batched by the unposted record's id. A batch marks entries, and a
 * record leaves the unposted lists only once every one of its entries is batched, so a batch that leaves an
 * id out (a tax line, say) leaves its record unposted, as a real Manage would.
 */
import { taxAt } from '../../money.ts';
import type { Kind } from '../../record-kind.ts';
import type { SbExpense, SbInvoice, SbProcurement } from './scenario.ts';
import { pence, type SandboxState } from './state.ts';

/** Detail line ids of invoices default to their GL entry id plus this (they are other numbers on Manage). */
export const DETAIL_ID_OFFSET = 9_000_000;
/** Tax lines of expenses and receipts default to the record's id plus this. */
export const TAX_ENTRY_OFFSET = 500_000;

export type SbRecord = SbInvoice | SbExpense | SbProcurement;

export const detailIdOf = (l: SbInvoice['lines'][number]) => l.detailId ?? l.id + DETAIL_ID_OFFSET;

/** A reimbursable expense's VAT line; the others are not exported, so they are batched by their id alone. */
export const expenseTaxEntryId = (e: SbExpense) =>
  e.taxAmount && e.classification === 'Reimbursable' ? (e.taxEntryId ?? e.id + TAX_ENTRY_OFFSET) : undefined;

export function procurementTaxId(st: SandboxState, p: SbProcurement): number | undefined {
  if (p.type !== 'Purchase') return undefined;
  const tax = taxAt(pence(p.quantity * p.unitCost), st.taxRate(p.taxCodeId).rate);
  return tax > 0 ? (p.taxEntryId ?? p.id + TAX_ENTRY_OFFSET) : undefined;
}

/** Every GL entry id a batch must hold for the record to count as batched. */
export function entriesOf(st: SandboxState, kind: Kind, r: SbRecord): number[] {
  if (kind === 'invoices') {
    const inv = r as SbInvoice;
    const gl = inv.lines.map((l) => l.id);
    return st.settings.invoiceBatchIds === 'glEntryAndDetailIds' ? [...gl, ...inv.lines.map(detailIdOf)] : gl;
  }
  const tax = kind === 'expenses' ? expenseTaxEntryId(r as SbExpense) : procurementTaxId(st, r as SbProcurement);
  return tax === undefined ? [r.id] : [r.id, tax];
}

/** Mark entries of a record as batched by batch `batchId`; returns the ids newly batched. */
export function batchEntriesOf(st: SandboxState, kind: Kind, r: SbRecord, ids: number[], batchId: number): number[] {
  const done = new Set(r.batchedEntries ?? []);
  const fresh = ids.filter((id) => !done.has(id));
  r.batchedEntries = [...done, ...fresh];
  if (entriesOf(st, kind, r).every((id) => r.batchedEntries!.includes(id))) r.batchId = batchId;
  return fresh;
}

/** Undo a deleted batch's entries on a record (it returns to the unposted lists). */
export function unbatchEntries(r: SbRecord, ids: Set<number>, batchId: number): void {
  if (!r.batchedEntries?.some((id) => ids.has(id)) && r.batchId !== batchId) return;
  r.batchedEntries = (r.batchedEntries ?? []).filter((id) => !ids.has(id));
  if (!r.batchedEntries.length) delete r.batchedEntries;
  delete r.batchId;
}

/** Which record of which kind owns a GL entry id, among records not yet fully batched. */
export function entryOwners(st: SandboxState): {
  invoices: Map<number, SbInvoice>;
  expenses: Map<number, SbExpense>;
  inventory: Map<number, SbProcurement>;
} {
  const index = <T extends SbRecord>(kind: Kind, rows: T[]) =>
    new Map(rows.flatMap((r) => entriesOf(st, kind, r).map((id) => [id, r] as const)));
  return {
    invoices: index('invoices', st.unpostedInvoices()),
    expenses: index('expenses', st.unpostedExpenses()),
    inventory: index('inventory', st.unpostedProcurement()),
  };
}
