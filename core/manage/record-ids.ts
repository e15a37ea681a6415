/**
 * THE ONE PLACE that knows which ids go where between the unposted lists, the GL export and the batch
 * (reference §13.2 and its UNCERTAIN notes). Correct it here, against a real Manage, and the client,
 * the sandbox and the export engine follow.
 *
 * Convention sagebot follows (and the sandbox implements):
 *  - Export selection: `includedInvoiceIds` / `excludedInvoiceIds` take `UnpostedInvoice.id`;
 *    `includedExpenseIds` / `excludedExpenseIds` take `UnpostedExpense.id`;
 *    `includedProductIds` / `excludedProductIds` take `String(UnpostedProcurement.id)`.
 *  - GL export back to unposted records:
 *      invoices:  `transactions[].id` = UnpostedInvoice.id (`documentNumber` = its invoiceNumber);
 *      expenses:  `expenseBills[].detail[].id` (an int array) = the UnpostedExpense ids of that line,
 *                 `expenses[].id` = UnpostedExpense.id (only used when expenses are not sent as bills);
 *      products:  `purchaseTransactions[].purchaseDetail[].id` = UnpostedProcurement.id,
 *                 `adjustmentTransactions[].id` and `inventoryTransfers[].id` = String(UnpostedProcurement.id).
 *  - `processedRecordIds` of `POST finance/accounting/batches`:
 *      invoices:  the GL entry ids of each exported transaction, from `glEntryIds` ("1010,1011");
 *      expenses:  the UnpostedExpense ids (expense exports carry no glEntryIds);
 *      products:  the UnpostedProcurement ids.
 *    Records that the export leaves out (non-reimbursable expenses under "Transfer Expense as a Bill") are
 *    batched by their unposted id directly, to clear them from the unposted list (guide: "batched manually").
 */
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

export type RecordKind = 'invoices' | 'expenses' | 'products';

type KindItem = {
  invoices: GLExportTransaction;
  expenses: GLExportExpenseBill | GLExportExpense;
  products: GLExportPurchaseTransaction | GLExportAdjustmentTransaction | GLExportInventoryTransfer;
};

/** One exported document and the ids that tie it back to Manage. */
export interface ExportedRecord<K extends RecordKind = RecordKind> {
  kind: K;
  item: KindItem[K];
  /** Unposted record ids this document comes from. */
  recordIds: number[];
  /** What to put in `processedRecordIds` once this document is in the ledger. */
  processedRecordIds: number[];
}

/** "1010, 1011" → [1010, 1011]; blanks and junk ignored. */
export function parseGlEntryIds(text: string | undefined): number[] {
  if (!text) return [];
  return text
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
}

export function formatGlEntryIds(ids: number[]): string {
  return ids.join(',');
}

function intId(id: string | number | undefined): number[] {
  const n = Number(id);
  return Number.isInteger(n) && n > 0 ? [n] : [];
}

const uniq = (ids: number[]) => [...new Set(ids)];

/** The unposted record ids of one GL export item. */
export function recordIdsOf<K extends RecordKind>(kind: K, item: KindItem[K]): number[] {
  if (kind === 'invoices') return intId((item as GLExportTransaction).id);
  if (kind === 'expenses') {
    const bill = item as GLExportExpenseBill;
    if (Array.isArray(bill.detail)) return uniq(bill.detail.flatMap((d) => d.id ?? []));
    return intId((item as GLExportExpense).id);
  }
  const p = item as GLExportPurchaseTransaction;
  if (Array.isArray(p.purchaseDetail)) return uniq(p.purchaseDetail.flatMap((d) => intId(d.id)));
  return intId((item as GLExportAdjustmentTransaction | GLExportInventoryTransfer).id);
}

/** The single unposted record id of an item that has exactly one (invoices, adjustments, transfers). */
export function recordIdOf<K extends RecordKind>(kind: K, item: KindItem[K]): number | undefined {
  const ids = recordIdsOf(kind, item);
  return ids.length === 1 ? ids[0] : undefined;
}

/** `processedRecordIds` for one GL export item. */
export function processedIdsOfItem<K extends RecordKind>(kind: K, item: KindItem[K]): number[] {
  if (kind === 'invoices') return parseGlEntryIds((item as GLExportTransaction).glEntryIds);
  return recordIdsOf(kind, item);
}

/** Every exported document of a kind, with its ids. */
export function exportedRecords<K extends RecordKind>(glExport: GLExport, kind: K): ExportedRecord<K>[] {
  const items: KindItem[K][] = (
    kind === 'invoices'
      ? glExport.transactions
      : kind === 'expenses'
        ? [...glExport.expenseBills, ...glExport.expenses]
        : [...glExport.purchaseTransactions, ...glExport.adjustmentTransactions, ...glExport.inventoryTransfers]
  ) as KindItem[K][];
  return items.map((item) => ({
    kind,
    item,
    recordIds: recordIdsOf(kind, item),
    processedRecordIds: processedIdsOfItem(kind, item),
  }));
}

/** All `processedRecordIds` of a kind in a GL export (to batch the whole export). */
export function processedRecordIdsOf(glExport: GLExport, kind: RecordKind): number[] {
  return uniq(exportedRecords(glExport, kind).flatMap((r) => r.processedRecordIds));
}

/** The export flag and inclusion list selecting these unposted records (ids as in the unposted lists). */
export function exportSelection(kind: RecordKind, unpostedIds: number[]): ExportAccountingBatchRequest {
  if (kind === 'invoices') return { exportInvoicesFlag: true, includedInvoiceIds: unpostedIds };
  if (kind === 'expenses') return { exportExpensesFlag: true, includedExpenseIds: unpostedIds };
  return { exportProductsFlag: true, includedProductIds: unpostedIds.map(String) };
}

/** A batch request for one kind (ConnectWise recommends one batch per kind). */
export function batchRequest(
  kind: RecordKind,
  batchIdentifier: string,
  processedRecordIds: number[],
): CreateAccountingBatchRequest {
  return {
    batchIdentifier,
    exportInvoicesFlag: kind === 'invoices',
    exportExpensesFlag: kind === 'expenses',
    exportProductsFlag: kind === 'products',
    processedRecordIds: uniq(processedRecordIds),
  };
}
