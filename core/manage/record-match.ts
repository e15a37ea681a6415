/**
 * Tying a procurement document of the GL export back to the unposted records it comes from, for every id
 * shape seen in public samples: an adjustment or transfer id that is the composite `unpostedProductId`
 * ("3101-adjustment"), its leading number ("3101"), or a label around that number ("ADJ #3101"); and an
 * item receipt known by its PO number and packing slip. Older shapes (the numeric unposted id as text) still
 * match. Several unposted records may stand behind one document; all of them are returned.
 */
import type {
  GLExportAdjustmentTransaction,
  GLExportInventoryTransfer,
  GLExportPurchaseTransaction,
} from './models.ts';

/** The fields of an unposted record that matching reads. */
export interface ProcurementRef {
  id: number;
  unpostedProductId?: string;
  procurementType?: string;
  purchaseOrder?: { id?: number; name?: string; identifier?: string };
  trackingNumber?: string;
}

export type ProcurementKind = 'adjustment' | 'transfer' | 'purchase';

export function procurementKindOf(item: GLExportAdjustmentTransaction | GLExportInventoryTransfer): ProcurementKind {
  return 'adjustmentDetail' in item || 'adjustmentDescription' in item || 'glTypeID' in item
    ? 'adjustment'
    : 'transfer';
}

const TYPE: Record<ProcurementKind, string> = { adjustment: 'Adjustment', transfer: 'Transfer', purchase: 'Purchase' };

const norm = (s: string | undefined) => (s ?? '').trim().toLowerCase();

/** The numbers in an id label: "ADJ #3101" → ["3101"]; "7-PO1001-purchase" → ["7", "1001"]. */
const numbersIn = (s: string) => s.match(/\d+/g) ?? [];

/** "3101-adjustment" → "3101"; "7-PO1001-purchase" → "7". */
const leadingNumber = (productId: string | undefined) => /^\s*(\d+)-/.exec(productId ?? '')?.[1];

/** The unposted records a string adjustment / transfer id stands for (empty when none matches). */
export function resolveProcurement(
  kind: ProcurementKind,
  id: string | number | undefined,
  unposted: ProcurementRef[],
): ProcurementRef[] {
  if (id === undefined || id === null) return [];
  const text = String(id);
  const own = unposted.filter((u) => !u.procurementType || !TYPE[kind] || u.procurementType === TYPE[kind]);
  const exact = own.filter((u) => norm(u.unpostedProductId) === norm(text));
  if (exact.length) return exact;
  const nums = numbersIn(text);
  if (nums.length === 1) {
    const byNumber = own.filter((u) => leadingNumber(u.unpostedProductId) === nums[0]);
    if (byNumber.length) return byNumber;
    // The older shape: the export's id is the unposted record's own numeric id.
    if (/^\s*\d+\s*$/.test(text)) return own.filter((u) => u.id === Number(text) && !u.unpostedProductId);
  }
  return [];
}

/** The unposted purchase records of an item receipt: by line id, else by PO number (and packing slip). */
export function resolvePurchase(p: GLExportPurchaseTransaction, unposted: ProcurementRef[]): ProcurementRef[] {
  const own = unposted.filter((u) => !u.procurementType || u.procurementType === 'Purchase');
  const lineIds = new Set((p.purchaseDetail ?? []).map((d) => d.id).filter((n) => n !== undefined));
  const byLine = own.filter((u) => lineIds.has(u.id));
  if (byLine.length) return byLine;
  const po = norm(p.documentNumber);
  if (!po) return [];
  const slip = norm(p.packingSlip);
  return own.filter((u) => {
    const poOf = norm(u.purchaseOrder?.name ?? u.purchaseOrder?.identifier);
    const inProductId = norm(u.unpostedProductId).includes(`-${po}-`);
    const samePo = poOf ? poOf === po : inProductId;
    return samePo && (!slip || !u.trackingNumber || norm(u.trackingNumber) === slip);
  });
}

/**
 * The number a user knows an adjustment or transfer by, from its export id: "ADJ #3101" → "3101",
 * "3101-adjustment" → "3101", "3005" → "3005"; an id with no single number is kept as it is.
 */
export function manageNumberOf(id: string | number | undefined): string {
  const text = String(id ?? '').trim();
  const lead = leadingNumber(text);
  if (lead) return lead;
  const nums = numbersIn(text);
  return nums.length === 1 ? nums[0] : text;
}
