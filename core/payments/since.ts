/**
 * The payment sync's start date: 'last' (the last successful run of this user on this machine), 'week',
 * '2weeks', 'month' (same day last month, clamped to the month's end) or an ISO date, counted in the
 * configured time zone. Pure calendar arithmetic on YYYY-MM-DD strings: no local-time Date surprises.
 */
import { SagebotError } from '../errors.ts';
import type { SinceOption } from '../export/types.ts';
import type { LastPaymentSync, SinceResolution } from './types.ts';

export const SINCE_WORDS = ['last', 'week', '2weeks', 'month'] as const;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The calendar date (YYYY-MM-DD) of `instant` in `timeZone`. */
export function dateInZone(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The same day one month earlier; a day the earlier month lacks becomes its last day (31 Mar -> 28/29 Feb). */
export function sameDayLastMonth(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const [py, pm] = m === 1 ? [y - 1, 12] : [y, m - 1];
  const day = Math.min(d, daysInMonth(py, pm));
  return `${py}-${String(pm).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Usage error for a --since value sagebot cannot read; the CLI turns USAGE_* codes into exit 2. */
export function badSince(value: string, why: string): SagebotError {
  return new SagebotError({
    code: 'USAGE_BAD_SINCE',
    message: `"${value}" is not a start date sagebot can use: ${why}.`,
    fix: 'Use last, week, 2weeks, month or a date written YYYY-MM-DD (for example 2025-04-10), not after today.',
  });
}

/** Throws USAGE_BAD_SINCE unless `since` is one of the words or a real date; does not need a clock. */
export function checkSinceOption(since: SinceOption): void {
  const s = String(since ?? '').trim();
  if ((SINCE_WORDS as readonly string[]).includes(s)) return;
  if (ISO_DATE.test(s)) {
    if (!isIsoDate(s)) throw badSince(s, 'there is no such day');
    return;
  }
  throw badSince(s, 'it is neither one of last, week, 2weeks, month nor a date written YYYY-MM-DD');
}

export interface SinceContext {
  now: Date;
  timeZone: string;
  /** Only read for 'last'. */
  lastRun: () => Promise<LastPaymentSync | undefined>;
}

/** Resolve an option to the inclusive start date, saying when 'last' had to fall back to 'month'. */
export async function resolveSinceOption(since: SinceOption, ctx: SinceContext): Promise<SinceResolution> {
  checkSinceOption(since);
  const option = String(since).trim();
  const today = dateInZone(ctx.now, ctx.timeZone);
  switch (option) {
    case 'week':
      return { option, used: 'week', date: addDays(today, -7) };
    case '2weeks':
      return { option, used: '2weeks', date: addDays(today, -14) };
    case 'month':
      return { option, used: 'month', date: sameDayLastMonth(today) };
    case 'last': {
      const last = await ctx.lastRun();
      // Sage dates are date-only: the day of the last run is included again (harmless: only differences are written).
      if (last) return { option, used: 'last', date: dateInZone(new Date(last.startedAt), ctx.timeZone) };
      const date = sameDayLastMonth(today);
      return {
        option,
        used: 'month',
        date,
        note: `No earlier successful payment sync by you on this machine, so payments changed in the past month (since ${date}) were synced.`,
      };
    }
    default:
      if (option > today) throw badSince(option, `it is after today (${today})`);
      return { option, used: 'date', date: option };
  }
}
