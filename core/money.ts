/**
 * Money is held as integer minor units (pence, cents) in a JS number: exact for sums up to 2^53.
 * Values from Manage arrive as JSON doubles; `toMinor` reads them through their shortest decimal text,
 * so 1.005 is 1.005 and not 1.00499999..., and rounds half away from zero as accountants expect.
 */
import { Decimal } from 'decimal.js';

export type Minor = number;

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

/** A decimal amount (number or string) to integer minor units, rounded half away from zero. */
export function toMinor(amount: number | string | null | undefined, decimals = 2): Minor {
  if (amount === null || amount === undefined || amount === '') return 0;
  const d = new D(amount);
  if (!d.isFinite()) throw new RangeError(`not a finite amount: ${amount}`);
  return d.times(new D(10).pow(decimals)).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
}

/** Integer minor units to a decimal number with `decimals` places (for JSON and for Sage's doubles). */
export function fromMinor(minor: Minor, decimals = 2): number {
  assertMinor(minor);
  return new D(minor).div(new D(10).pow(decimals)).toNumber();
}

/** Fixed text, e.g. 123450 -> "1234.50". Integer arithmetic only: this runs for every row of a big preview. */
export function minorToString(minor: Minor, decimals = 2): string {
  assertMinor(minor);
  const digits = Math.abs(minor)
    .toString()
    .padStart(decimals + 1, '0');
  const int = digits.slice(0, digits.length - decimals);
  const frac = decimals > 0 ? `.${digits.slice(-decimals)}` : '';
  return `${minor < 0 ? '-' : ''}${int}${frac}`;
}

/** Human text with thousands separators and an optional currency code: "GBP 1,234.50". */
export function formatMoney(minor: Minor, currency?: string, decimals = 2): string {
  const s = minorToString(Math.abs(minor), decimals);
  const [int, frac] = s.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const body = frac ? `${grouped}.${frac}` : grouped;
  return `${minor < 0 ? '-' : ''}${currency ? `${currency} ` : ''}${body}`;
}

export function sumMinor(values: Iterable<Minor>): Minor {
  let total = 0;
  for (const v of values) {
    assertMinor(v);
    total += v;
  }
  assertMinor(total);
  return total;
}

/** Tax on a net amount at a percentage rate (e.g. 20 for 20%), rounded half up to the minor unit. */
export function taxAt(netMinor: Minor, ratePercent: number): Minor {
  assertMinor(netMinor);
  return new D(netMinor).times(new D(ratePercent)).div(100).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber();
}

/** Multiply a unit price (decimal) by a quantity (decimal) into minor units, rounded once at the end. */
export function extend(unitPrice: number | string, quantity: number | string, decimals = 2): Minor {
  return new D(unitPrice)
    .times(new D(quantity))
    .times(new D(10).pow(decimals))
    .toDecimalPlaces(0, Decimal.ROUND_HALF_UP)
    .toNumber();
}

export function assertMinor(v: Minor): void {
  if (!Number.isSafeInteger(v)) throw new RangeError(`money must be an integer number of minor units, got ${v}`);
}
