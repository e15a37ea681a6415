/**
 * Which line a tax line of the GL export belongs to. Manage sends a purchase's VAT as separate
 * `purchaseDetailTax` lines and an expense bill's VAT as separate `ET` detail lines; a tax line may carry the id
 * of the line it taxes or an id of its own. So the link is, in order: the same id; else the same line number;
 * else the documented relation (a purchase tax line: the receipt line of the same item; an expense tax line:
 * the expense line it follows, the order Manage lists them in); else, when there is only one line, that line.
 * A tax line that links to nothing is returned as unmatched, never dropped silently.
 */
import type {
  GLExportExpenseBillDetail,
  GLExportPurchaseTransactionDetail,
  GLExportPurchaseTransactionDetailTax,
} from '../manage/models.ts';

/** The index of the only element that satisfies `test`, else undefined. */
function only<T>(items: T[], test: (t: T) => boolean): number | undefined {
  let found: number | undefined;
  for (let i = 0; i < items.length; i++) {
    if (!test(items[i])) continue;
    if (found !== undefined) return undefined;
    found = i;
  }
  return found;
}

const itemKey = (l: { item?: { id?: number; identifier?: string }; glItemId?: string }) =>
  l.item?.id !== undefined ? `id:${l.item.id}` : (l.item?.identifier ?? l.glItemId)?.trim().toLowerCase();

/** For each purchase tax line, the index of its receipt line in `lines` (undefined = unmatched). */
export function linkPurchaseTaxLines(
  lines: GLExportPurchaseTransactionDetail[],
  taxLines: GLExportPurchaseTransactionDetailTax[],
): Array<number | undefined> {
  return taxLines.map((t) => {
    if (t.id !== undefined) {
      const byId = only(lines, (d) => d.id === t.id);
      if (byId !== undefined) return byId;
    }
    if (t.lineNumber !== undefined) {
      const byLine = only(lines, (d) => d.lineNumber === t.lineNumber);
      if (byLine !== undefined) return byLine;
    }
    const key = itemKey(t);
    if (key) {
      const byItem = only(lines, (d) => itemKey(d) === key);
      if (byItem !== undefined) return byItem;
    }
    return lines.length === 1 ? 0 : undefined;
  });
}

export interface ExpenseGroup {
  /** The unposted expense id of the group (the first id of its expense line). */
  expenseId: number;
  /** Every unposted expense id its expense lines name. */
  ids: number[];
  main: GLExportExpenseBillDetail[];
  vat: GLExportExpenseBillDetail[];
}

/**
 * An expense bill's detail lines grouped by expense: each expense line with its VAT line(s). Expense lines are
 * keyed by their first id; a VAT line joins the expense whose id it names, else the expense line before it.
 */
export function groupExpenseLines(
  detail: GLExportExpenseBillDetail[],
  isTax: (d: GLExportExpenseBillDetail) => boolean,
): { groups: ExpenseGroup[]; unmatched: GLExportExpenseBillDetail[] } {
  const groups = new Map<number, ExpenseGroup>();
  const ownerOf = new Map<number, ExpenseGroup>();
  for (const d of detail) {
    if (isTax(d)) continue;
    const id = d.id?.[0] ?? 0;
    let g = groups.get(id);
    if (!g) {
      g = { expenseId: id, ids: [], main: [], vat: [] };
      groups.set(id, g);
    }
    g.main.push(d);
    for (const x of d.id ?? []) {
      if (!g.ids.includes(x)) g.ids.push(x);
      if (!ownerOf.has(x)) ownerOf.set(x, g);
    }
  }
  const unmatched: GLExportExpenseBillDetail[] = [];
  let previous: ExpenseGroup | undefined;
  for (const d of detail) {
    if (!isTax(d)) {
      previous = groups.get(d.id?.[0] ?? 0);
      continue;
    }
    const named = (d.id ?? []).map((x) => ownerOf.get(x)).find(Boolean);
    const g = named ?? previous ?? (groups.size === 1 ? [...groups.values()][0] : undefined);
    if (g) g.vat.push(d);
    else unmatched.push(d);
  }
  return { groups: [...groups.values()], unmatched };
}
