/**
 * Reading a Manage invoice's money: total and paid as integer minor units of its currency (Manage sends
 * decimals), compared by magnitude because a credit memo's total may be negative. "Paid" is what Manage has
 * settled: `payments` plus `credits` when Manage sends them, else total minus `balance`.
 */
import type { Invoice } from '../manage/models.ts';
import { type Minor, toMinor } from '../money.ts';

export function decimalsOf(inv: Invoice): number {
  const d = inv.currency?.numberOfDecimals;
  return typeof d === 'number' && d >= 0 && d <= 4 ? d : 2;
}

/** The invoice's currency code when Manage gives one (CurrencyRef.currencyCode, else its identifier). */
export function currencyOf(inv: Invoice): string | undefined {
  const c = inv.currency?.currencyCode ?? inv.currency?.currencyIdentifier;
  return c ? c.trim().toUpperCase() : undefined;
}

/** |total| in minor units. */
export function manageTotal(inv: Invoice): Minor {
  return Math.abs(toMinor(inv.total ?? 0, decimalsOf(inv)));
}

/** |paid| in minor units. */
export function managePaid(inv: Invoice): Minor {
  const dp = decimalsOf(inv);
  if (inv.payments !== undefined) return Math.abs(toMinor(inv.payments, dp) + toMinor(inv.credits ?? 0, dp));
  if (inv.balance !== undefined) return manageTotal(inv) - Math.abs(toMinor(inv.balance, dp));
  return 0;
}

/**
 * True when the invoice's own figures say nothing has been applied to it (`payments` and `credits` zero, or,
 * without them, `balance` equal to the total), so it holds no payment record to update: Manage's payments are
 * positive amounts, each counted in those figures. False when the figures are missing: then nobody knows.
 */
export function nothingApplied(inv: Invoice): boolean {
  const dp = decimalsOf(inv);
  if (inv.payments !== undefined) return toMinor(inv.payments, dp) === 0 && toMinor(inv.credits ?? 0, dp) === 0;
  if (inv.balance !== undefined && inv.total !== undefined)
    return Math.abs(toMinor(inv.balance, dp)) === manageTotal(inv);
  return false;
}
