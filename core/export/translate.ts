/**
 * Turns a GL export (and the unposted records it came from) into planned records, by kind, with the
 * processedRecordIds each record contributes to the Manage batch. Pure: problems go to the mapper's sink.
 */
import type { GLExport, UnpostedExpense, UnpostedInvoice, UnpostedProcurement } from '../manage/models.ts';
import { processedIdsOfItem, recordIdOf, recordIdsOf } from '../manage/record-ids.ts';
import type { PlannedRecord } from './plan-types.ts';
import type { Unposted } from './select.ts';
import { skippedExpense, translateExpenseBill } from './translate-expense.ts';
import { translatePurchase } from './translate-inventory.ts';
import { translateInvoice } from './translate-invoice.ts';
import { type StockIdentity, stockNumber, translateAdjustment, translateTransfer } from './translate-stock.ts';
import type { Kind, Settings } from './types.ts';
import type { Mapper } from './validate-mappings.ts';

export interface TranslateInput {
  kind: Kind;
  glExport: GLExport;
  /** The unposted records of the selection (empty on a rerun: they are batched already). */
  unposted: Unposted[];
  settings: Settings;
  today: string;
}

export function translateSelection(input: TranslateInput, m: Mapper): PlannedRecord[] {
  const records =
    input.kind === 'invoices'
      ? translateInvoices(input, m)
      : input.kind === 'expenses'
        ? translateExpenses(input, m)
        : translateInventory(input, m);
  checkUniqueDocuments(records, m);
  return records;
}

/**
 * Every planned Sage document must be found again by its own key: exactly-once posting asks Sage for the key
 * before each write, so a second document under the same key would be taken as posted and silently lost. The
 * later record is held back (e.g. a second item receipt of one PO in the same batch).
 */
function checkUniqueDocuments(records: PlannedRecord[], m: Mapper): void {
  const seen = new Map<string, { record: PlannedRecord; label: string }>();
  for (const record of records)
    for (const doc of record.documents) {
      if ('number' in doc.key && !doc.key.number) continue; // a number Sage cannot hold is reported already
      const key = JSON.stringify(doc.key).toUpperCase();
      const first = seen.get(key);
      if (!first) {
        seen.set(key, { record, label: doc.label });
        continue;
      }
      m.recordProblem(
        { manageId: record.manageId, name: `${record.type} ${record.number}` },
        `Sage ${doc.label}`,
        'EXPORT_DUPLICATE_DOCUMENT',
        `${record.type} ${record.number} (${doc.label}) and ${first.record.type} ${first.record.number} (${first.label}) would be the same document in Sage, so one of them would never be posted.`,
        `This record is held back and ${first.record.type} ${first.record.number} posts. Give the Manage records different numbers, or check in Sage whether ${first.label} should hold both.`,
      );
    }
}

function translateInvoices(input: TranslateInput, m: Mapper): PlannedRecord[] {
  const find = invoiceFinder(input.unposted as UnpostedInvoice[]);
  const accounts = new Map(input.glExport.customers.map((c) => [c.company?.id, c.accountNumber]));
  return input.glExport.transactions.map((tx) => {
    const unposted = find(tx);
    // The batch and the journal speak of the unposted record's id, whichever id the export item carries.
    const item = unposted && tx.id !== unposted.id ? { ...tx, id: unposted.id } : tx;
    const record = translateInvoice(
      { tx: item, unposted, customerAccount: accounts.get(tx.company?.id) },
      m,
      input.settings,
      input.today,
    );
    record.processedRecordIds = processedIdsOfItem('invoices', tx);
    return record;
  });
}

/**
 * The unposted invoice a GL export transaction comes from: by its id (the convention in record-ids.ts), else by
 * billing-log id (which some Manage versions put there), else by invoice number (documentNumber).
 */
function invoiceFinder(
  unposted: UnpostedInvoice[],
): (tx: { id?: number | null; documentNumber?: string | null }) => UnpostedInvoice | undefined {
  const byId = new Map(unposted.map((u) => [u.id, u]));
  const byBillingLog = new Map(unposted.filter((u) => u.billingLogId != null).map((u) => [u.billingLogId, u]));
  const byNumber = new Map(
    unposted.filter((u) => u.invoiceNumber).map((u) => [String(u.invoiceNumber).trim().toUpperCase(), u]),
  );
  return (tx) =>
    (tx.id != null ? (byId.get(tx.id) ?? byBillingLog.get(tx.id)) : undefined) ??
    (tx.documentNumber ? byNumber.get(String(tx.documentNumber).trim().toUpperCase()) : undefined);
}

function translateExpenses(input: TranslateInput, m: Mapper): PlannedRecord[] {
  const list = input.unposted as UnpostedExpense[];
  const unposted = new Map(list.map((u) => [u.id, u]));
  const billed = new Set<number>();
  const records = input.glExport.expenseBills.map((bill) => {
    for (const id of recordIdsOf('expenses', bill)) billed.add(id);
    const record = translateExpenseBill(bill, unposted, m, input.settings, input.today);
    // A tax line may carry an id of its own: it is batched, but it names no expense.
    const ids = recordIdsOf('expenses', bill, list);
    if (list.length && ids.length) record.recordIds = ids;
    record.processedRecordIds = processedIdsOfItem('expenses', bill);
    return record;
  });
  for (const e of unposted.values()) {
    if (!billed.has(e.id) && e.classification !== 'Reimbursable') records.push(skippedExpense(e, input.today));
  }
  return records;
}

function translateInventory(input: TranslateInput, m: Mapper): PlannedRecord[] {
  const list = input.unposted as UnpostedProcurement[];
  const unposted = new Map(list.map((u) => [u.id, u]));
  const vendors = new Map(
    input.glExport.vendors
      .filter((v) => v.vendor?.id !== undefined || v.company?.id !== undefined)
      .map((v) => [v.vendor?.id ?? v.company?.id, v.accountNumber || v.vendorNumber]),
  );
  const who = stockIdentities(list);
  // With the unposted list (a run or preview), every document is tied to the records it comes from and batched
  // by its GL entry ids, tax lines included; on a rerun the list is empty and only the export speaks.
  const tie = (record: PlannedRecord, item: InventoryItem) => {
    if (!list.length) return record;
    record.recordIds = recordIdsOf('inventory', item, list);
    record.processedRecordIds = processedIdsOfItem('inventory', item, list);
    if (record.recordIds.length && !record.recordIds.includes(record.manageId)) record.manageId = record.recordIds[0];
    return record;
  };
  const resolvedIdentity = (identity: StockIdentity, item: InventoryItem): StockIdentity => {
    const id = list.length ? recordIdOf('inventory', item, list) : undefined;
    return id === undefined ? identity : { ...identity, manageId: id };
  };
  return [
    ...input.glExport.purchaseTransactions.map((p) =>
      tie(
        translatePurchase(
          p,
          unposted,
          m,
          input.today,
          vendors.get(p.company?.id),
          list.length ? recordIdsOf('inventory', p, list) : undefined,
        ),
        p,
      ),
    ),
    ...input.glExport.adjustmentTransactions.map((a) => {
      const { identity, resolved } = who(a.id, 'Adjustment');
      const processedRecordIds = resolved ? [identity.manageId] : processedIdsOfItem('inventory', a);
      return tie({ ...translateAdjustment(a, resolvedIdentity(identity, a), m, input.today), processedRecordIds }, a);
    }),
    ...input.glExport.inventoryTransfers.map((t) => {
      const { identity, resolved } = who(t.id, 'Transfer');
      const processedRecordIds = resolved ? [identity.manageId] : processedIdsOfItem('inventory', t);
      return tie({ ...translateTransfer(t, resolvedIdentity(identity, t), m, input.today), processedRecordIds }, t);
    }),
  ];
}

/**
 * Who each adjustment / transfer of the export is. Its id is a string ("3-adjustment", "ADJ #3101", "3005"):
 * it is resolved to the unposted record by unpostedProductId, else by the number in it; the number users see is
 * made unique in the selection, so no two records (and no two Sage documents) share a name.
 */
function stockIdentities(
  unposted: UnpostedProcurement[],
): (id: string | undefined, type: 'Adjustment' | 'Transfer') => { identity: StockIdentity; resolved: boolean } {
  const byProductId = new Map(
    unposted.filter((u) => u.unpostedProductId).map((u) => [u.unpostedProductId!.trim().toLowerCase(), u]),
  );
  const used = new Set<string>();
  return (id, type) => {
    // Naming and uniqueness only: the unposted record is found by record-ids.ts (resolvedIdentity).
    const text = (id ?? '').trim();
    const digits = /\d+/.exec(text)?.[0];
    const n = digits !== undefined ? Number(digits) : undefined;
    const ofType = (u: UnpostedProcurement) => !u.procurementType || u.procurementType === type;
    const u =
      byProductId.get(text.toLowerCase()) ??
      (n === undefined
        ? undefined
        : (unposted.find((x) => x.id === n && ofType(x)) ??
          unposted.find((x) => ofType(x) && (x.unpostedProductId ?? '').startsWith(`${n}-`))));
    const base = stockNumber(id, type === 'Adjustment' ? 'ADJ' : 'TRF');
    let number = base;
    for (let k = 2; used.has(number.toUpperCase()); k++) number = `${base} (${k})`;
    used.add(number.toUpperCase());
    return { identity: { manageId: u?.id ?? n ?? 0, number }, resolved: u !== undefined };
  };
}

type InventoryItem =
  | GLExport['purchaseTransactions'][number]
  | GLExport['adjustmentTransactions'][number]
  | GLExport['inventoryTransfers'][number];
