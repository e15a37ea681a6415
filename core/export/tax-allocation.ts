/**
 * Tax per line, allocated so that the lines add up exactly to the tax Manage charged. Each line's ideal tax
 * (net × rate) is floored and the pennies left over go to the lines with the largest remainders (ties to the
 * earlier line), so the result is deterministic and never further than a penny from the ideal. When Manage's
 * total differs by more than rounding (its own rounding rules, a header-level tax), the difference is spread
 * over the lines of the matching sign in proportion to their value. Amounts are signed customer-facing values:
 * negative lines (agreement credits) carry negative tax.
 */
import { Decimal } from 'decimal.js';
import type { Minor } from '../money.ts';

export interface TaxLine {
  net: Minor;
  /** Percent, e.g. 20. 0 for a line that carries no tax. */
  rate: number;
}

const D = Decimal.clone({ precision: 40 });

/** Spread `amount` (integer) over weights by largest remainder; ties go to the earlier index. */
export function spreadByWeight(amount: number, weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (total <= 0) return weights.map((_, i) => (i === 0 ? amount : 0));
  const sign = amount < 0 ? -1 : 1;
  const abs = Math.abs(amount);
  const exact = weights.map((w) => new D(abs).times(w).div(total));
  const floors = exact.map((e) => e.floor().toNumber());
  let left = abs - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => ({ i, r: e.minus(e.floor()) })).sort((a, b) => b.r.comparedTo(a.r) || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] += 1;
    left -= 1;
  }
  return floors.map((f) => f * sign);
}

const RATE_SCALE = 10_000; // rates are exact to 4 decimal places (17.5 -> 175000)
const DENOMINATOR = 100 * RATE_SCALE;

/** floor(a / b) and the remainder, exactly, for safe integers (b > 0). */
function floorDiv(a: number, b: number): [number, number] {
  const mod = ((a % b) + b) % b;
  return [(a - mod) / b, mod];
}

/** The tax of each line, summing exactly to `total` (or each rounded half up when `total` is undefined). */
export function allocateTax(lines: TaxLine[], total?: Minor): Minor[] {
  const numerators = lines.map((l) => l.net * Math.round(l.rate * RATE_SCALE));
  if (total === undefined || !numerators.every(Number.isSafeInteger)) return allocateTaxDecimal(lines, total);
  const parts = numerators.map((n) => floorDiv(n, DENOMINATOR));
  const floors = parts.map(([q]) => q);
  const taxed = parts.map(([, r], i) => ({ i, r })).filter(({ i }) => numerators[i] !== 0);
  const k = total - floors.reduce((a, b) => a + b, 0);
  if (k >= 0 && k <= taxed.length) {
    taxed.sort((a, b) => b.r - a.r || a.i - b.i);
    for (let j = 0; j < k; j++) floors[taxed[j].i] += 1;
    return floors.map((f, i) => (numerators[i] === 0 ? 0 : f));
  }
  return spreadDifference(
    lines,
    lines.map((l) => new D(l.net).times(l.rate).div(100)),
    total,
  );
}

/** The same with decimals, for amounts too large for exact integer arithmetic (and the no-total case). */
function allocateTaxDecimal(lines: TaxLine[], total?: Minor): Minor[] {
  const ideal = lines.map((l) => new D(l.net).times(l.rate).div(100));
  if (total === undefined)
    return ideal.map((x) => x.abs().toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber() * (x.isNeg() ? -1 : 1));
  const floors = ideal.map((x) => x.floor().toNumber());
  const taxed = ideal.map((x, i) => ({ i, r: x.minus(x.floor()), taxed: !x.isZero() })).filter((x) => x.taxed);
  const k = total - floors.reduce((a, b) => a + b, 0);
  if (k >= 0 && k <= taxed.length) {
    taxed.sort((a, b) => b.r.comparedTo(a.r) || a.i - b.i);
    for (let j = 0; j < k; j++) floors[taxed[j].i] += 1;
    return floors.map((f, i) => (ideal[i].isZero() ? 0 : f));
  }
  return spreadDifference(lines, ideal, total);
}

function spreadDifference(lines: TaxLine[], ideal: Decimal[], total: Minor): Minor[] {
  const rounded = ideal.map((x) => x.abs().toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toNumber() * (x.isNeg() ? -1 : 1));
  const diff = total - rounded.reduce((a, b) => a + b, 0);
  const positive = lines.map((_l, i) => i).filter((i) => lines[i].net > 0 && lines[i].rate > 0);
  const negative = lines.map((_l, i) => i).filter((i) => lines[i].net < 0 && lines[i].rate > 0);
  let group = diff > 0 ? (positive.length ? positive : negative) : negative.length ? negative : positive;
  if (!group.length) group = lines.map((_, i) => i).filter((i) => lines[i].net !== 0);
  if (!group.length) group = lines.length ? [0] : [];
  if (!group.length) return [];
  const shares = spreadByWeight(
    diff,
    group.map((i) => Math.abs(lines[i].net) || 1),
  );
  group.forEach((i, j) => {
    rounded[i] += shares[j];
  });
  return rounded;
}
