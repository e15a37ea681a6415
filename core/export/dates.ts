/**
 * Dates as finance staff type them: ISO (2025-04-30), UK numeric (30/04/2025) and everyday words ("today",
 * "yesterday", "friday", "end of last month", "3 March"), resolved to a calendar date YYYY-MM-DD in the
 * configured time zone. A bare weekday means the latest such day not after today (a through date is in the
 * past). Shared by the command line and the chat bot. Impossible dates are refused with USAGE_BAD_DATE.
 */
import { createRequire } from 'node:module';
import { SagebotError } from '../errors.ts';

type Chrono = typeof import('chrono-node/en');
let chrono: Chrono | undefined;
/**
 * chrono-node, loaded by the first date that needs it: ISO and UK numeric dates and the everyday words are read
 * without it, so a command given none of the rest (a scheduled preview of "today") never pays for loading it.
 * Only the English locale: the package's root loads every language's parsers (hundreds of files).
 */
const chronoEn = (): Chrono => {
  chrono ??= createRequire(import.meta.url)('chrono-node/en') as Chrono;
  return chrono;
};

export interface ResolveDateOptions {
  timeZone: string;
  /** The current instant (default: now). */
  now?: Date;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const WEEKDAY_SHORT = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** Today's calendar date in `timeZone` as [year, month (1-12), day]. */
export function todayIn(timeZone: string, now: Date = new Date()): [number, number, number] {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return [get('year'), get('month'), get('day')];
}

export function isoDate(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function isValidDate(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function addDays(iso: string, days: number): string {
  const t = new Date(`${iso}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

function badDate(text: string, why = 'is not a date sagebot understands'): SagebotError {
  return new SagebotError({
    code: 'USAGE_BAD_DATE',
    message: `"${text}" ${why}.`,
    fix: 'Give a date such as 2025-04-30, 30/04/2025, "today", "yesterday", "friday" or "end of last month".',
  });
}

/** Resolve `text` to YYYY-MM-DD in `opts.timeZone`. Throws SagebotError USAGE_BAD_DATE. */
export function resolveDate(text: string, opts: ResolveDateOptions): string {
  const raw = text.trim();
  const t = raw.toLowerCase().replace(/\s+/g, ' ');
  if (!t) throw badDate(text, 'is empty');
  const [ty, tm, td] = todayIn(opts.timeZone, opts.now);
  const today = isoDate(ty, tm, td);

  const numeric = parseNumeric(t, raw);
  if (numeric) return numeric;
  const word = parseWords(t, today, ty, tm);
  if (word) return word;

  const ref = { instant: opts.now ?? new Date(), timezone: opts.timeZone };
  const results = chronoEn().GB.parse(raw, ref);
  const r = results[0];
  if (!r || results.length !== 1 || r.text.trim().toLowerCase() !== raw.toLowerCase()) throw badDate(raw);
  const y = r.start.get('year'),
    m = r.start.get('month'),
    d = r.start.get('day');
  if (y == null || m == null || d == null || !isValidDate(y, m, d)) throw badDate(raw, 'is not a real calendar date');
  return isoDate(y, m, d);
}

/** ISO YYYY-MM-DD (or with a time part) and UK day-first DD/MM/YYYY; impossible dates are refused. */
function parseNumeric(t: string, raw: string): string | undefined {
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:t[\d:.]+z?)?$/.exec(t);
  if (m) return checked(raw, +m[1], +m[2], +m[3]);
  m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$/.exec(t);
  if (m) return checked(raw, +m[3], +m[2], +m[1]);
  if (/^\d+([-/.]\d+)*$/.test(t)) throw badDate(raw);
  return undefined;
}

function checked(raw: string, y: number, m: number, d: number): string {
  if (!isValidDate(y, m, d)) throw badDate(raw, 'is not a real calendar date');
  return isoDate(y, m, d);
}

function parseWords(t: string, today: string, ty: number, tm: number): string | undefined {
  if (t === 'today' || t === 'now') return today;
  if (t === 'yesterday') return addDays(today, -1);
  if (t === 'tomorrow') return addDays(today, 1);
  const wd = /^(?:(last|this|past) )?([a-z]+)$/.exec(t);
  if (wd) {
    const idx = WEEKDAYS.includes(wd[2]) ? WEEKDAYS.indexOf(wd[2]) : WEEKDAY_SHORT.indexOf(wd[2]);
    if (idx >= 0) {
      const todayIdx = new Date(`${today}T00:00:00Z`).getUTCDay();
      let back = (todayIdx - idx + 7) % 7;
      if (wd[1] === 'last' && back === 0) back = 7;
      return addDays(today, -back);
    }
  }
  const month = /^(?:the )?(end|start|beginning) of (?:the )?(last|previous|this|current)? ?month$/.exec(t);
  if (month) {
    const offset = month[2] === 'last' || month[2] === 'previous' ? -1 : 0;
    const first = new Date(Date.UTC(ty, tm - 1 + offset, 1));
    if (month[1] === 'end')
      return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
    return first.toISOString().slice(0, 10);
  }
  return undefined;
}
