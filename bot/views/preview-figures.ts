/**
 * The figures of a preview, so that they reconcile: the headline is what will transfer (skipped and blocked
 * records counted apart, never added in; inventory split into purchases, adjustments and transfers), every
 * amount carries its currency, and the nominal and tax tables say they are in the base currency and at what
 * rate foreign documents were converted.
 */
import type { Fact, Table } from '../../cards/view-models.ts';
import type { Preview, PreviewTransaction, Totals } from '../../core/export/types.ts';
import { currencyTotals, money, plural } from './format.ts';

function sumByCurrency(rows: PreviewTransaction[]): Record<string, Totals> {
  const out: Record<string, Totals> = {};
  for (const r of rows) {
    const t = (out[r.currency] ??= { count: 0, net: 0, tax: 0, total: 0 });
    t.count++;
    t.net += r.net;
    t.tax += r.tax;
    t.total += r.total;
  }
  return out;
}

/** Inventory record types as a heading says them. */
export const KIND_WORDS: Record<string, string> = {
  Purchase: 'Purchases',
  Adjustment: 'Adjustments',
  Transfer: 'Transfers',
};

/** What will transfer, per currency: the figure the headline and the notification line show. */
export function transferTotals(p: Preview): string {
  return currencyTotals(sumByCurrency(p.transactions.filter((t) => t.status === 'transfer')));
}

/** Inventory moves unlike things (stock bought, adjusted, moved): one total per kind, never one sum. */
function inventoryFacts(transfer: PreviewTransaction[]): Fact[] {
  const kinds = [...new Set(transfer.map((t) => t.type))];
  return kinds.map((k) => ({
    title: `${KIND_WORDS[k] ?? k} to transfer`,
    value: `${plural(transfer.filter((t) => t.type === k).length, 'transaction')}, ${currencyTotals(sumByCurrency(transfer.filter((t) => t.type === k)))}`,
  }));
}

function apart(rows: PreviewTransaction[]): string {
  return `${plural(rows.length, 'transaction')} (${currencyTotals(sumByCurrency(rows))}, not in the total)`;
}

export function headlineFacts(p: Preview): Fact[] {
  const by = (s: PreviewTransaction['status']) => p.transactions.filter((t) => t.status === s);
  const [transfer, skip, problem] = [by('transfer'), by('skip'), by('problem')];
  const facts: Fact[] = [{ title: 'To transfer', value: plural(transfer.length, 'transaction') }];
  if (p.kind === 'inventory' && transfer.length) facts.push(...inventoryFacts(transfer));
  else facts.push({ title: 'Total to transfer', value: currencyTotals(sumByCurrency(transfer)) });
  if (skip.length) facts.push({ title: 'Not transferred', value: apart(skip) });
  if (problem.length) facts.push({ title: 'With problems', value: apart(problem) });
  if (p.leftOut?.length) facts.push({ title: 'Left out', value: plural(p.leftOut.length, 'transaction') });
  const rates = ratesLine(p);
  if (rates) facts.push({ title: 'Exchange rates', value: rates });
  return facts;
}

/** "EUR 1.1500 = GBP 1; USD 1.2700 = GBP 1", or undefined when everything is in the base currency. */
export function ratesLine(p: Preview): string | undefined {
  const base = p.baseCurrency ?? 'GBP';
  const parts = Object.entries(p.exchangeRates ?? {}).flatMap(([cur, rates]) =>
    rates.map((r) => `${cur} ${r.toFixed(4)} = ${base} 1`),
  );
  return parts.length ? `${parts.join('; ')} (used for the ${base} figures)` : undefined;
}

/** "Standard" rows are in the base currency, "Standard (EUR)" rows in EUR: each amount says which. */
export function typeTable(p: Preview): Table {
  const base = p.baseCurrency ?? 'GBP';
  return {
    title: 'Totals per type (each in its own currency)',
    columns: ['Type', 'Count', 'Net', 'Tax', 'Total'],
    rows: Object.entries(p.totalsByType).map(([key, t]) => {
      const cur = /\(([A-Z]{3})\)$/.exec(key)?.[1] ?? base;
      return { cells: [key, String(t.count), money(t.net, cur), money(t.tax, cur), money(t.total, cur)] };
    }),
  };
}

export function impactTable(title: string, first: string, rows: Preview['nominalImpact'], p: Preview): Table {
  const base = p.baseCurrency ?? 'GBP';
  const converted = Object.keys(p.exchangeRates ?? {}).length ? ', foreign documents converted' : '';
  return {
    title: `${title} (${base}, the base currency${converted})`,
    columns: [first, 'Name', 'Net', 'Tax'],
    rows: rows.map((r) => ({ cells: [r.key, r.name ?? '', money(r.net, base), money(r.tax, base)] })),
  };
}
