/**
 * The posting preview's figures: totals per Manage type and per currency, and the impact on each Sage
 * nominal code and tax code (net, tax) — sales credits and stock out count negative. Impact is in the base
 * currency (foreign documents converted at their rate, as Sage does); totals stay in each currency.
 */
import type { LedgerSetup } from '../sage/ledger.ts';
import { toBase } from '../sage/rules.ts';
import type { PlannedRecord, PlannedSageDocument } from './plan-types.ts';
import type { ImpactRow, Totals } from './types.ts';

const NEGATIVE = new Set(['SC', 'PC', 'AO']);

export function emptyTotals(): Totals {
  return { count: 0, net: 0, tax: 0, total: 0 };
}

function add(t: Totals, r: { net: number; tax: number; total: number }): void {
  t.count += 1;
  t.net += r.net;
  t.tax += r.tax;
  t.total += r.total;
}

export function totalsBy(records: PlannedRecord[], key: (r: PlannedRecord) => string): Record<string, Totals> {
  const out: Record<string, Totals> = {};
  for (const r of records) add((out[key(r)] ??= emptyTotals()), r);
  return out;
}

/** Totals in the base currency: each foreign record converted at its documents' exchange rate. */
export function grandTotals(records: PlannedRecord[]): Totals {
  const t = emptyTotals();
  for (const r of records) {
    const rate = rateOf(r);
    add(t, { net: toBase(r.net, rate), tax: toBase(r.tax, rate), total: toBase(r.total, rate) });
  }
  return t;
}

function rateOf(r: PlannedRecord): number {
  for (const d of r.documents) {
    const op = d.operation;
    const rate =
      op.op === 'invoice'
        ? op.doc.exchangeRate
        : op.op === 'transaction'
          ? op.tx.exchangeRate
          : op.op === 'purchaseOrder'
            ? op.po.exchangeRate
            : undefined;
    if (rate) return rate;
  }
  return 1;
}

interface Acc {
  net: number;
  tax: number;
}

function bump(map: Map<string, Acc>, key: string, net: number, tax: number): void {
  const a = map.get(key) ?? { net: 0, tax: 0 };
  a.net += net;
  a.tax += tax;
  map.set(key, a);
}

/** Every (nominal, tax code, net, tax) a document posts, signed. */
function postings(
  doc: PlannedSageDocument,
): Array<{ nominal?: string; taxCode?: string; net: number; tax: number; rate: number }> {
  const sign = NEGATIVE.has(doc.type) ? -1 : 1;
  const op = doc.operation;
  if (op.op === 'invoice')
    return op.doc.lines.map((l) => ({
      nominal: l.nominal,
      taxCode: l.taxCode,
      net: sign * l.net,
      tax: sign * l.tax,
      rate: op.doc.exchangeRate ?? 1,
    }));
  if (op.op === 'transaction')
    return op.tx.splits.map((s) => ({
      nominal: s.nominal,
      taxCode: s.taxCode,
      net: sign * s.net,
      tax: sign * s.tax,
      rate: op.tx.exchangeRate ?? 1,
    }));
  if (op.op === 'purchaseOrder')
    return op.po.lines.map((l) => ({
      nominal: l.nominal,
      taxCode: l.taxCode,
      net: l.net,
      tax: l.tax,
      rate: op.po.exchangeRate ?? 1,
    }));
  if (op.op === 'journal')
    return op.journal.lines.map((l) => ({
      nominal: l.nominal,
      taxCode: l.taxCode,
      net: l.debit - l.credit,
      tax: 0,
      rate: 1,
    }));
  return [];
}

export function impactOf(
  records: PlannedRecord[],
  setup: LedgerSetup,
): { nominalImpact: ImpactRow[]; taxImpact: ImpactRow[] } {
  const nominals = new Map<string, Acc>();
  const taxes = new Map<string, Acc>();
  for (const r of records) {
    if (r.status !== 'transfer') continue;
    for (const doc of r.documents) {
      for (const p of postings(doc)) {
        const net = toBase(p.net, p.rate);
        const tax = toBase(p.tax, p.rate);
        if (p.nominal) bump(nominals, p.nominal, net, tax);
        if (p.taxCode) bump(taxes, p.taxCode, net, tax);
      }
    }
  }
  const names = new Map(setup.nominals.map((n) => [n.code, n.name]));
  const taxNames = new Map(setup.taxCodes.map((t) => [t.code.toUpperCase(), `${t.description} (${t.rate}%)`]));
  const rows = (m: Map<string, Acc>, nameOf: Map<string, string>) =>
    [...m.entries()]
      .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
      .map(
        ([key, v]): ImpactRow => ({
          key,
          ...(nameOf.get(key) ? { name: nameOf.get(key) } : {}),
          net: v.net,
          tax: v.tax,
        }),
      );
  return { nominalImpact: rows(nominals, names), taxImpact: rows(taxes, taxNames) };
}
