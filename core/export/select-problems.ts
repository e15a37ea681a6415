/**
 * What can be wrong with a selection before anything is translated or posted: a selected record that the GL
 * export did not return (posting "the rest" would leave it silently unposted), a document whose batch ids
 * cannot be derived (it would reach Sage and never leave Manage's unposted list), a document that cannot be
 * tied to the unposted list, and a record carrying values sagebot did not understand. A problem of a record
 * sagebot can name and hold back (no batch ids, an odd value) holds back that record alone, so the rest of the
 * selection is still previewed and posted; the others stop the batch, since posting around them would hide them.
 */
import { notUnderstood } from '../manage/lenient.ts';
import type { GLExport, UnpostedExpense, UnpostedInvoice, UnpostedProcurement } from '../manage/models.ts';
import { exportedRecords } from '../manage/record-ids.ts';
import type { PlannedRecord } from './plan-types.ts';
import { unroutedProblems } from './routing.ts';
import type { Selection, Unposted } from './select.ts';
import type { Kind, Problem } from './types.ts';

/** How users know an unposted record: "Invoice 460", "Expense 2101", "Item receipt PO 102", "Adjustment 3101". */
export function unpostedName(kind: Kind, u: Unposted): string {
  if (kind === 'invoices') return `Invoice ${(u as UnpostedInvoice).invoiceNumber ?? u.id}`;
  if (kind === 'expenses') return `Expense ${u.id}`;
  const p = u as UnpostedProcurement;
  if (p.procurementType === 'Purchase' && p.purchaseOrder?.name) return `Item receipt PO ${p.purchaseOrder.name}`;
  return `${p.procurementType ?? 'Procurement'} ${p.unpostedProductId ?? p.id}`;
}

const exclude = (ids: number[]) =>
  ids.length ? `leave it out with --exclude ${ids.join(',')} to post the rest` : 'leave it out to post the rest';

/** Records the export did not return: Manage would keep them unposted while the run reported success. */
function notExported(sel: Selection, records: PlannedRecord[]): Problem[] {
  const covered = new Set(records.flatMap((r) => r.recordIds));
  return sel.unposted
    .filter((u) => sel.kind !== 'expenses' || (u as UnpostedExpense).classification === 'Reimbursable')
    .filter((u) => !covered.has(u.id))
    .map((u) => ({
      manageId: u.id,
      record: unpostedName(sel.kind, u),
      code: 'EXPORT_NOT_EXPORTED',
      message: `Manage lists ${unpostedName(sel.kind, u)} (id ${u.id}${
        sel.kind === 'inventory' ? `, product id "${(u as UnpostedProcurement).unpostedProductId ?? ''}"` : ''
      }) as unposted, but its GL export did not return it, so it could be neither posted nor marked as batched.`,
      fix: `Check the record in Manage (Finance > Accounting Interface) and preview again, or ${exclude([u.id])}.`,
    }));
}

/**
 * Documents that could reach Sage but never leave the unposted list (no batch ids), belong to no record, or
 * belong to a record outside the selection (an export wider than what was asked for).
 */
function untied(sel: Selection, records: PlannedRecord[]): Problem[] {
  const selected = new Set(sel.unposted.map((u) => u.id));
  const out: Problem[] = [];
  for (const r of records) {
    if (r.status !== 'transfer') continue;
    const name = `${r.type} ${r.number}`;
    const outside = r.recordIds.filter((id) => !selected.has(id));
    if (r.recordIds.length && outside.length)
      out.push({
        record: name,
        code: 'EXPORT_NOT_SELECTED',
        message: `The GL export returned ${name} (unposted id ${outside.join(',')}), which is not in the selection: it is not posted.`,
        fix: 'Preview again; if it persists, check the include / exclude lists and the location in Manage.',
      });
    else if (!r.recordIds.length)
      out.push({
        record: name,
        code: 'EXPORT_UNMATCHED',
        message: `The GL export returned ${name}, which sagebot cannot tie to any record of Manage's unposted list.`,
        fix: 'Preview again; if it persists, check the record in Manage (Finance > Accounting Interface).',
      });
    else if (!r.processedRecordIds.length)
      out.push({
        manageId: r.manageId,
        record: name,
        code: 'EXPORT_NO_BATCH_IDS',
        // Held back alone: posting it would leave it unposted in Manage; the rest of the batch can post.
        blocks: 'record',
        message: `Manage's GL export gives no GL entry ids for ${name}, so after posting it could not be marked as batched and would stay unposted.`,
        fix: `Check the record in Manage (Finance > Accounting Interface), or ${exclude(r.recordIds)}.`,
      });
  }
  return out;
}

/** Values sagebot did not understand, on the unposted records and on the documents of the export. */
function oddValues(sel: Selection, glExport: GLExport): Problem[] {
  const out: Problem[] = [];
  const add = (manageId: number | undefined, record: string, notes: string[]) =>
    out.push({
      // On a known record it holds back that record alone; otherwise the whole batch waits.
      ...(manageId !== undefined ? { manageId, blocks: 'record' as const } : {}),
      record,
      code: 'EXPORT_NOT_UNDERSTOOD',
      message: `${record}: not understood: ${notes.join('; ')}.`,
      fix: `Check the record in Manage, or ${exclude(manageId !== undefined ? [manageId] : [])}.`,
    });
  for (const u of sel.unposted) {
    const notes = notUnderstood(u);
    if (notes.length) add(u.id, unpostedName(sel.kind, u), notes);
  }
  for (const r of exportedRecords(glExport, sel.kind, sel.unposted)) {
    const notes = notUnderstood(r.item);
    const item = r.item as { documentNumber?: string; id?: unknown };
    if (notes.length) add(r.recordIds[0], `Exported ${item.documentNumber ?? String(item.id ?? '')}`.trim(), notes);
  }
  return out;
}

/** Every problem of the selection itself (empty on a rerun, which has no unposted list). */
export function selectionProblems(sel: Selection | undefined, glExport: GLExport, records: PlannedRecord[]): Problem[] {
  if (!sel) return [];
  return [
    ...oddValues(sel, glExport),
    ...notExported(sel, records),
    ...untied(sel, records),
    ...unroutedProblems(sel.unrouted, records),
  ];
}
