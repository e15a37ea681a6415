/**
 * `batches/{id}/entries`: one entry per GL entry a batch holds (debit / credit as the ledger sees them), so a
 * record whose tax line was left out of the batch shows its revenue or cost entry but not its tax entry.
 */
import type { BatchEntry } from '../models.ts';
import { expenseTaxEntryId, procurementTaxId } from './entries.ts';
import type { SbBatch, SbProcurement } from './scenario.ts';
import { pence, pounds, type SandboxState } from './state.ts';
import { procurementNumberOf, procurementTotals } from './views.ts';

/** One entry per GL entry the batch holds (debit/credit as the ledger sees them). */
export function batchEntries(st: SandboxState, b: SbBatch): BatchEntry[] {
  const inBatch = new Set(b.processedRecordIds);
  const all = (r: { batchId?: number; batchedEntries?: number[] }) => r.batchId === b.id && !r.batchedEntries;
  const has = (r: { batchId?: number; batchedEntries?: number[] }, id: number) => all(r) || inBatch.has(id);
  const dc = (minor: number) =>
    minor >= 0 ? { debit: pounds(minor), credit: 0 } : { debit: 0, credit: pounds(-minor) };
  const out: BatchEntry[] = [];
  for (const inv of st.scenario.invoices)
    for (const l of inv.lines)
      if (has(inv, l.id))
        out.push({
          id: l.id,
          accountType: 'Revenue',
          name: st.company(inv.companyId)?.name,
          accountNumber: st.gl(l.glAccountId).segment1,
          ...dc(-pence(l.amount)),
          cost: 0,
          invoice: { id: inv.invoiceId, name: inv.invoiceNumber },
        });
  for (const e of st.scenario.expenses) {
    const expense = { id: e.id, amount: e.amount };
    const name = st.memberRef(e.memberId).name;
    if (has(e, e.id))
      out.push({
        id: e.id,
        accountType: 'Expense',
        name,
        accountNumber: st.gl(e.glAccountId).segment1,
        ...dc(pence(e.amount)),
        cost: 0,
        expense,
      });
    const tax = expenseTaxEntryId(e);
    if (tax !== undefined && has(e, tax))
      out.push({
        id: tax,
        accountType: 'Tax',
        name,
        accountNumber: st.settings.purchaseTaxAccount,
        ...dc(pence(e.taxAmount)),
        cost: 0,
        expense,
      });
  }
  for (const p of st.scenario.procurement) out.push(...procurementEntries(st, p, (id) => has(p, id), dc));
  return out;
}

function procurementEntries(
  st: SandboxState,
  p: SbProcurement,
  has: (id: number) => boolean,
  dc: (minor: number) => { debit: number; credit: number },
): BatchEntry[] {
  const t = procurementTotals(st, p);
  const refs = {
    purchaseOrder: p.purchaseOrderId !== undefined ? { id: p.purchaseOrderId } : undefined,
    transfer: p.type === 'Transfer' ? String(procurementNumberOf(p)) : undefined,
    adjustmentDetail: p.type === 'Adjustment' ? { id: procurementNumberOf(p) } : undefined,
  };
  const out: BatchEntry[] = [];
  if (has(p.id))
    out.push({
      id: p.id,
      accountType: p.type === 'Purchase' ? 'Inventory' : p.type,
      name: p.description,
      accountNumber: st.settings.inventoryAccount,
      ...dc(t.net),
      cost: p.unitCost,
      ...refs,
    });
  const tax = procurementTaxId(st, p);
  if (tax !== undefined && has(tax))
    out.push({
      id: tax,
      accountType: 'Tax',
      name: p.description,
      accountNumber: st.settings.purchaseTaxAccount,
      ...dc(t.tax),
      cost: 0,
      ...refs,
    });
  return out;
}
