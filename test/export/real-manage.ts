/**
 * A ManageClient decorator that gives the sandbox's answers the shapes public samples of real Manage show,
 * where the sandbox does not (yet) have them: composite `unpostedProductId` ("3101-adjustment"), string
 * adjustment / transfer ids ("ADJ #3101"), purchase tax lines with ids of their own, and (optionally) an
 * adjustment of several lines. Over the real HTTP client: only the parsed answers are reshaped.
 */
import type { ManageClient } from '../../core/manage/api.ts';
import type { GLExport, UnpostedProcurement } from '../../core/manage/models.ts';

export interface RealShapes {
  /** Each adjustment line of quantity q > 0 becomes two lines: in q + 2, out 2 (e.g. MOUSE in 10 / out 2). */
  twoLineAdjustments?: boolean;
  /** Added to the header total of these POs (by number), as a Manage whose figures disagree would send. */
  totalOff?: Record<string, number>;
}

const digits = (id: string | undefined) => /\d+/.exec(id ?? '')?.[0] ?? '';
const cents = (x: number) => Math.round(x * 100) / 100;

function reshapeUnposted(list: UnpostedProcurement[]): UnpostedProcurement[] {
  return list.map((u) => {
    if (!/^\d+$/.test(u.unpostedProductId ?? '')) return u;
    const kind = (u.procurementType ?? 'Purchase').toLowerCase();
    const po = u.purchaseOrder?.name ?? u.purchaseOrder?.identifier;
    return { ...u, unpostedProductId: kind === 'purchase' ? `${u.id}-${po}-purchase` : `${u.id}-${kind}` };
  });
}

function reshapeExport(x: GLExport, opts: RealShapes): GLExport {
  return {
    ...x,
    purchaseTransactions: x.purchaseTransactions.map((p) => ({
      ...p,
      total: cents((p.total ?? 0) + (opts.totalOff?.[p.documentNumber ?? ''] ?? 0)),
      purchaseDetailTax: (p.purchaseDetailTax ?? []).map((t) => ({ ...t, id: 90_000 + (t.id ?? 0) })),
    })),
    adjustmentTransactions: x.adjustmentTransactions.map((a) => ({
      ...a,
      id: `ADJ #${digits(a.id)}`,
      adjustmentDetail: opts.twoLineAdjustments
        ? (a.adjustmentDetail ?? []).flatMap((d) =>
            (d.quantity ?? 0) > 0
              ? [
                  { ...d, quantity: (d.quantity ?? 0) + 2, total: cents((d.cost ?? 0) * ((d.quantity ?? 0) + 2)) },
                  { ...d, quantity: -2, total: cents(-(d.cost ?? 0) * 2) },
                ]
              : [d],
          )
        : a.adjustmentDetail,
    })),
    inventoryTransfers: x.inventoryTransfers.map((t) => ({ ...t, id: `TRF #${digits(t.id)}` })),
  };
}

export function realManageShapes(opts: RealShapes = {}): (m: ManageClient) => ManageClient {
  return (m) =>
    new Proxy(m, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        if (prop === 'listUnpostedProcurement')
          return async (...args: unknown[]) => reshapeUnposted(await value.apply(target, args));
        if (prop === 'exportAccounting' || prop === 'exportBatch')
          return async (...args: unknown[]) => reshapeExport(await value.apply(target, args), opts);
        return value.bind(target);
      },
    });
}
