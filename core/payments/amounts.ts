/**
 * The amount logic: what Sage says is paid on one Manage invoice, and what (if anything) to write.
 *
 * A Manage invoice is an invoice side and/or a credit side in Sage. Its value is invoice side minus credit
 * side; the side with the larger value is the primary one. Paid on Manage = what is allocated to the primary
 * side minus the value of the other side (the guide's example: 4600 = 1,150 with 1,000 from credit 4601 and
 * 150 received -> 150 paid on Manage 460, fully). A Manage credit memo (credit side only) is "paid" by as
 * much of it as has been used. Only a positive difference to what Manage holds is written (as a positive
 * amount, a credit memo's too), dated the day the invoice became fully paid when it did, else the day of the
 * latest change.
 */
import type { PaymentUpdate, Problem } from '../export/types.ts';
import type { Minor } from '../money.ts';
import { currencyOf, decimalsOf, managePaid, manageTotal, nothingApplied } from './manage-amounts.ts';
import type { Half, InvoiceGroup } from './match.ts';
import { currencyMismatch, overpaid, reduction, totalMismatch } from './problems.ts';

export type Decision =
  | {
      action: 'write';
      update: PaymentUpdate;
      /** What Manage is short of, in minor units: always positive (a credit memo's too). */
      difference: Minor;
      /** The invoice currency's decimals, to write minor units as Manage's decimal amounts. */
      decimals: number;
      paymentDate: string;
      /**
       * The invoice as looked up shows nothing applied, so it has no payment to update: its payment is POSTed
       * without first reading its payments (one round trip less per invoice against a slow Manage).
       */
      noPaymentYet: boolean;
    }
  | { action: 'unchanged' }
  | { action: 'problem'; problem: Problem };

export function decide(g: InvoiceGroup): Decision {
  const inv = g.invoice;
  const labels = [g.invoiceHalf?.label, g.creditHalf?.label].filter((l): l is string => Boolean(l));
  const value = (g.invoiceHalf?.gross ?? 0) - (g.creditHalf?.gross ?? 0);
  const [primary, other] = value >= 0 && g.invoiceHalf ? [g.invoiceHalf, g.creditHalf] : [g.creditHalf!, g.invoiceHalf];
  const status = primary.changed;
  // Only the other side moved (e.g. credit 4601 used on another invoice): the primary side's allocations,
  // and so the amount paid on Manage, are what they were.
  if (!status) return { action: 'unchanged' };

  const manageCurrency = currencyOf(inv);
  const currency = manageCurrency ?? status.currency.toUpperCase();
  if (manageCurrency && manageCurrency !== status.currency.toUpperCase()) {
    return { action: 'problem', problem: currencyMismatch(g.number, inv.id, status.currency, manageCurrency, labels) };
  }
  const total = manageTotal(inv);
  if (Math.abs(value) !== total) {
    return { action: 'problem', problem: totalMismatch(g.number, inv.id, Math.abs(value), total, currency, labels) };
  }
  const paid = Math.max(0, status.amountPaid - (other?.gross ?? 0));
  if (paid > total) return { action: 'problem', problem: overpaid(g.number, inv.id, paid, total, currency) };

  const previousPaid = managePaid(inv);
  const difference = paid - previousPaid;
  if (difference === 0) return { action: 'unchanged' };
  if (difference < 0) return { action: 'problem', problem: reduction(g.number, inv.id, paid, previousPaid, currency) };

  const fullyPaid = paid === total;
  const lastChanged = latestChange(primary, other);
  const paymentDate = fullyPaid ? (status.fullyPaidOn ?? lastChanged) : lastChanged;
  const update: PaymentUpdate = {
    invoiceNumber: g.number,
    manageInvoiceId: inv.id,
    previousPaid,
    paid,
    total,
    currency,
    fullyPaid,
    ...(fullyPaid ? { datePaid: paymentDate } : {}),
  };
  return {
    action: 'write',
    update,
    difference,
    decimals: decimalsOf(inv),
    paymentDate,
    noPaymentYet: nothingApplied(inv),
  };
}

function latestChange(a: Half, b: Half | undefined): string {
  const dates = [a.changed?.lastChanged, b?.changed?.lastChanged].filter((d): d is string => Boolean(d));
  return dates.sort().at(-1)!;
}
