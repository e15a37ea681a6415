/**
 * Display helpers shared by the view builders: money through core/money.ts (never floats), tables of totals,
 * short lists ("A, B and 3 more"), and who-did-what lines. Everything a card shows is formatted here once.
 */

import type { Paging, Table } from '../../cards/view-models.ts';
import type { Totals } from '../../core/export/types.ts';
import { formatMoney, type Minor } from '../../core/money.ts';
import type { FlowCompany } from '../ports.ts';

export const PAGE_SIZE = 20;

export const money = (minor: Minor, currency?: string): string => formatMoney(minor, currency);

export function totalsTable(
  title: string,
  firstColumn: string,
  totals: Record<string, Totals>,
  currencyIsKey = false,
): Table {
  return {
    title,
    columns: [firstColumn, 'Count', 'Net', 'Tax', 'Total'],
    rows: Object.entries(totals).map(([key, t]) => {
      const cur = currencyIsKey ? key : undefined;
      return { cells: [key, String(t.count), money(t.net, cur), money(t.tax, cur), money(t.total, cur)] };
    }),
  };
}

/** "GBP 1,234.50; EUR 10.00" */
export function currencyTotals(totals: Record<string, Totals>): string {
  const parts = Object.entries(totals).map(([cur, t]) => money(t.total, cur));
  return parts.length ? parts.join('; ') : money(0);
}

/** "ACME Ltd, Beta plc and 3 more" (or "none"). */
export function shortList(items: readonly string[], max = 5): string {
  if (items.length === 0) return 'none';
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

/**
 * Each distinct reason once, whole, after the records it covers ("EXP2005, EXP2006: Non-reimbursable expense:
 * not transferred…"): a table cell is cut to its column, and a reason is what the user needs to read in full.
 */
export function reasonLines(rows: ReadonlyArray<{ number: string; reason?: string }>): string[] {
  const by = new Map<string, string[]>();
  for (const r of rows) if (r.reason) by.set(r.reason, [...(by.get(r.reason) ?? []), r.number]);
  return [...by].map(([reason, numbers]) => `${shortList(numbers)}: ${reason}`);
}

export function paging(page: number | undefined, totalItems: number, pageSize = PAGE_SIZE): Paging {
  const last = Math.max(0, Math.ceil(totalItems / pageSize) - 1);
  const p = Number.isInteger(page) && (page as number) >= 0 ? Math.min(page as number, last) : 0;
  return { page: p, pageSize, totalItems };
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Kind as users say it: "invoices", "expenses", "inventory". */
export function kindNoun(kind: string): string {
  return kind === 'inventory' ? 'inventory transactions' : kind;
}

/**
 * Several Sage companies: the card's Company fact. A company nobody named is the default, and the card says how to
 * pick another. Nothing with one company.
 */
export function companyFacts(company: FlowCompany | undefined): Array<{ title: string; value: string }> {
  if (!company) return [];
  const how =
    company.how === 'default'
      ? ` (the default: no company was named${company.others ? `; say ${company.others} for another` : ''})`
      : company.how === 'location'
        ? ' (the company of that location)'
        : '';
  return [{ title: 'Company', value: `${company.name}${how}` }];
}

/** " for Northwind Ireland Ltd" after a title, with several companies. */
export function companySuffix(company: FlowCompany | undefined): string {
  return company ? ` for ${company.name}` : '';
}
