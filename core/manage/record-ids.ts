/**
 * THE ONE PLACE that knows which ids go where between the unposted lists, the GL export and the batch.
 * Public samples of real Manage traffic disagree with a first reading of the API in several places, so each
 * rule below is written to hold for every shape seen; correct it here and the client, the sandbox and the
 * export engine follow.
 *
 *  - Export selection: `includedInvoiceIds` / `includedExpenseIds` take the unposted record's `id`;
 *    `includedProductIds` / `excludedProductIds` take its `unpostedProductId` verbatim, a composite string
 *    such as "3-adjustment" or "7-PO1001-purchase" (the numeric id as text selects nothing there).
 *  - GL export back to unposted records:
 *      invoices:  `transactions[].id` = UnpostedInvoice.id (else its billing-log id, else `documentNumber`);
 *      expenses:  `expenseBills[].detail[].id` (an int array) holds the UnpostedExpense id on an expense line;
 *                 a tax (`ET`) line may carry an id of its own;
 *      inventory: `purchaseDetail[].id` = UnpostedProcurement.id; adjustments and transfers carry a string id
 *                 ("ADJ #3101", "3101") that is resolved through `unpostedProductId` ("3101-adjustment").
 *  - `processedRecordIds` of `POST finance/accounting/batches` ("GL entry" ids):
 *      invoices:  the `glEntryIds` of each transaction ("1010,1011"); detail line ids are other numbers;
 *      expenses:  every detail id of the bill, tax lines included;
 *      purchases: every `purchaseDetail` and `purchaseDetailTax` id (a missed tax line stays unposted);
 *      adjustments, transfers: the numeric id of the unposted record they resolve to.
 *    Nothing here can prove a real Manage agrees, so the engine reads the unposted lists back after batching.
 */

import type { Kind } from '../record-kind.ts';
import type {
  CreateAccountingBatchRequest,
  ExportAccountingBatchRequest,
  GLExport,
  GLExportAdjustmentTransaction,
  GLExportExpense,
  GLExportExpenseBill,
  GLExportInventoryTransfer,
  GLExportPurchaseTransaction,
  GLExportTransaction,
} from './models.ts';
import { type ProcurementRef, procurementKindOf, resolveProcurement, resolvePurchase } from './record-match.ts';

type KindItem = {
  invoices: GLExportTransaction;
  expenses: GLExportExpenseBill | GLExportExpense;
  inventory: GLExportPurchaseTransaction | GLExportAdjustmentTransaction | GLExportInventoryTransfer;
};

type ExportFlag = 'exportInvoicesFlag' | 'exportExpensesFlag' | 'exportProductsFlag';

/** Manage's export and batch flag of each of our kinds (inventory is Manage's "products"/procurement). */
export const EXPORT_FLAG: Readonly<Record<Kind, ExportFlag>> = {
  invoices: 'exportInvoicesFlag',
  expenses: 'exportExpensesFlag',
  inventory: 'exportProductsFlag',
};

/** The kinds a Manage batch (or export request) is flagged for, in our names. */
export function kindsOfFlags(b: Partial<Record<ExportFlag, boolean | null>>): Kind[] {
  return (Object.keys(EXPORT_FLAG) as Kind[]).filter((k) => Boolean(b[EXPORT_FLAG[k]]));
}

/** What an export selection or a resolution needs to know of an unposted record. */
export type UnpostedRef = ProcurementRef;

/** One exported document and the ids that tie it back to Manage. */
export interface ExportedRecord<K extends Kind = Kind> {
  kind: K;
  item: KindItem[K];
  /** Unposted record ids this document comes from (empty when it cannot be tied to one). */
  recordIds: number[];
  /** What to put in `processedRecordIds` once this document is in the ledger (empty = cannot be derived). */
  processedRecordIds: number[];
}

/** "1010, 1011" → [1010, 1011]; blanks and junk ignored. */
export function parseGlEntryIds(text: string | undefined): number[] {
  if (!text) return [];
  const ids: number[] = [];
  for (const piece of text.split(',')) {
    const n = Number(piece.trim());
    if (Number.isInteger(n) && n > 0) ids.push(n);
  }
  return ids;
}

export function formatGlEntryIds(ids: number[]): string {
  return ids.join(',');
}

function intId(id: string | number | undefined | null): number[] {
  const n = typeof id === 'number' || (typeof id === 'string' && /^\s*\d+\s*$/.test(id)) ? Number(id) : Number.NaN;
  return Number.isInteger(n) && n > 0 ? [n] : [];
}

const uniq = (ids: number[]) => [...new Set(ids)];

const isPurchase = (item: KindItem['inventory']): item is GLExportPurchaseTransaction =>
  Array.isArray((item as GLExportPurchaseTransaction).purchaseDetail) ||
  Array.isArray((item as GLExportPurchaseTransaction).purchaseDetailTax);

/**
 * The unposted record ids of one GL export item. With `unposted` (the selection), string procurement ids are
 * resolved through `unpostedProductId` and expense ids are kept only where they name a selected expense.
 */
export function recordIdsOf<K extends Kind>(kind: K, item: KindItem[K], unposted?: UnpostedRef[]): number[] {
  if (kind === 'invoices') return intId((item as GLExportTransaction).id);
  if (kind === 'expenses') {
    const bill = item as GLExportExpenseBill;
    const ids = Array.isArray(bill.detail)
      ? uniq(bill.detail.flatMap((d) => d.id ?? []))
      : intId((item as GLExportExpense).id);
    if (!unposted) return ids;
    const known = new Set(unposted.map((u) => u.id));
    return ids.filter((id) => known.has(id));
  }
  const p = item as KindItem['inventory'];
  if (isPurchase(p)) {
    if (unposted) return resolvePurchase(p, unposted).map((u) => u.id);
    return uniq((p.purchaseDetail ?? []).flatMap((d) => intId(d.id)));
  }
  const own = p as GLExportAdjustmentTransaction | GLExportInventoryTransfer;
  if (!unposted) return intId(own.id);
  return resolveProcurement(procurementKindOf(own), own.id, unposted).map((u) => u.id);
}

/** The single unposted record id of an item that has exactly one (invoices, adjustments, transfers). */
export function recordIdOf<K extends Kind>(kind: K, item: KindItem[K], unposted?: UnpostedRef[]): number | undefined {
  const ids = recordIdsOf(kind, item, unposted);
  return ids.length === 1 ? ids[0] : undefined;
}

/** `processedRecordIds` for one GL export item (empty when they cannot be derived). */
export function processedIdsOfItem<K extends Kind>(kind: K, item: KindItem[K], unposted?: UnpostedRef[]): number[] {
  if (kind === 'invoices') return parseGlEntryIds((item as GLExportTransaction).glEntryIds);
  if (kind === 'expenses') {
    const bill = item as GLExportExpenseBill;
    if (Array.isArray(bill.detail)) return uniq(bill.detail.flatMap((d) => d.id ?? []));
    return intId((item as GLExportExpense).id);
  }
  const p = item as KindItem['inventory'];
  if (isPurchase(p))
    return uniq([...(p.purchaseDetail ?? []), ...(p.purchaseDetailTax ?? [])].flatMap((d) => intId(d.id)));
  return recordIdsOf('inventory', p, unposted);
}

function itemsOf<K extends Kind>(glExport: GLExport, kind: K): KindItem[K][] {
  return (
    kind === 'invoices'
      ? glExport.transactions
      : kind === 'expenses'
        ? [...glExport.expenseBills, ...glExport.expenses]
        : [...glExport.purchaseTransactions, ...glExport.adjustmentTransactions, ...glExport.inventoryTransfers]
  ) as KindItem[K][];
}

/** Every exported document of a kind, with its ids (resolved against `unposted` when given). */
export function exportedRecords<K extends Kind>(
  glExport: GLExport,
  kind: K,
  unposted?: UnpostedRef[],
): ExportedRecord<K>[] {
  return itemsOf(glExport, kind).map((item) => ({
    kind,
    item,
    recordIds: recordIdsOf(kind, item, unposted),
    processedRecordIds: processedIdsOfItem(kind, item, unposted),
  }));
}

/** All `processedRecordIds` of a kind in a GL export (to batch the whole export). */
export function processedRecordIdsOf(glExport: GLExport, kind: Kind, unposted?: UnpostedRef[]): number[] {
  return uniq(exportedRecords(glExport, kind, unposted).flatMap((r) => r.processedRecordIds));
}

/** How an unposted procurement record is named in `includedProductIds`: its composite id, verbatim. */
export function productIdOf(u: UnpostedRef): string {
  return u.unpostedProductId?.trim() ? u.unpostedProductId : String(u.id);
}

/**
 * The export flag and inclusion list selecting these unposted records. Pass the records themselves for
 * procurement (their `unpostedProductId` is what Manage matches); bare ids are taken as they are.
 */
export function exportSelection(kind: Kind, unposted: (number | UnpostedRef)[]): ExportAccountingBatchRequest {
  const ids = unposted.map((u) => (typeof u === 'number' ? u : u.id));
  if (kind === 'invoices') return { exportInvoicesFlag: true, includedInvoiceIds: ids };
  if (kind === 'expenses') return { exportExpensesFlag: true, includedExpenseIds: ids };
  return {
    exportProductsFlag: true,
    includedProductIds: unposted.map((u) => (typeof u === 'number' ? String(u) : productIdOf(u))),
  };
}

/**
 * A batch request for one kind (ConnectWise recommends one batch per kind). `glInterfaceIdentifier` is sent
 * equal to the batch identifier, as shipped integrations do; nothing says a Manage needs it, and it is free.
 */
export function batchRequest(
  kind: Kind,
  batchIdentifier: string,
  processedRecordIds: number[],
): CreateAccountingBatchRequest {
  return {
    batchIdentifier,
    glInterfaceIdentifier: batchIdentifier,
    exportInvoicesFlag: kind === 'invoices',
    exportExpensesFlag: kind === 'expenses',
    exportProductsFlag: kind === 'inventory',
    processedRecordIds: uniq(processedRecordIds),
  };
}
