/**
 * Small shared helpers of the translators: text to Sage's field lengths, Manage dates to calendar dates,
 * unit prices that agree with the net, and the planned-document summary of a Sage operation.
 */
import { type Minor, toMinor } from '../money.ts';
import type { DocumentKey } from '../sage/ledger.ts';
import type { PlannedSageDocument, SageOperation } from './plan-types.ts';

/**
 * A Manage amount (JSON double) to minor units: exact and fast for the usual 0-2 decimals, falling back to
 * money.ts's decimal path (the number's shortest decimal text) otherwise.
 */
export function minorOf(x: number | undefined | null): Minor {
  if (x === undefined || x === null) return 0;
  if (Math.abs(x) < 1e13) {
    // n / 100 is the double nearest the decimal n/100, so equality means x has at most two decimals: the
    // same answer its shortest decimal text gives.
    const n = Math.round(x * 100);
    if (n / 100 === x) return n;
  }
  return toMinor(x);
}

/** Text that needs its white space folded: a run of two, any but a plain space, or at either end. */
const SPACES = /\s\s|[^\S ]|^\s|\s$/;

/** Cut text to `max` characters (Sage refuses longer fields rather than truncating). */
export function fit(text: string | undefined, max: number): string {
  const raw = text ?? '';
  const t = SPACES.test(raw) ? raw.replace(/\s+/g, ' ').trim() : raw;
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
}

/** "2025-04-30T00:00:00Z" → "2025-04-30". */
export function dayOf(value: string | undefined, fallback: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(value ?? '');
  return m ? m[1] : fallback;
}

/** A positive quantity and a unit price (minor) consistent with `net` (minor, >= 0). */
export function quantityAndPrice(
  net: Minor,
  quantity: number | undefined,
  unitPrice: number | undefined,
): { quantity: number; unitPrice: Minor } {
  const q = Math.abs(quantity ?? 0);
  if (!(q > 0)) return { quantity: 1, unitPrice: net };
  const given = unitPrice === undefined ? undefined : Math.abs(minorOf(unitPrice));
  if (given !== undefined && Math.abs(Math.round(given * q) - net) <= 1) return { quantity: q, unitPrice: given };
  return { quantity: q, unitPrice: Math.round(net / q) };
}

export function plannedDocument(
  op: SageOperation,
  label: string,
  type: string,
  account: string,
  currency: string,
  key: DocumentKey,
  net: Minor,
  tax: Minor,
): PlannedSageDocument {
  return { label, type, account, currency, net, tax, key, operation: op };
}

export function sum(values: Minor[]): Minor {
  return values.reduce((a, b) => a + b, 0);
}
