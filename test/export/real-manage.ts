/**
 * A ManageClient decorator for shapes the sandbox has no scenario field for: an adjustment of several lines
 * and a PO whose header total disagrees with its lines. It also makes sure the real-Manage shapes the sandbox
 * serves by default are there (composite `unpostedProductId`, "ADJ #3101" ids, purchase tax lines with ids of
 * their own), so these tests keep testing them. Over the real HTTP client: only parsed answers are reshaped.
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
      purchaseDetailTax: (p.purchaseDetailTax ?? []).map((t) =>
        (p.purchaseDetail ?? []).some((d) => d.id === t.id) ? { ...t, id: 90_000 + (t.id ?? 0) } : t,
      ),
    })),
    adjustmentTransactions: x.adjustmentTransactions.map((a) => ({
      ...a,
      id: /^ADJ #/.test(a.id ?? '') ? a.id : `ADJ #${digits(a.id)}`,
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
