/**
 * Dates typed in chat: the shared resolver (core/export/dates.ts, chrono-node, the configured time zone) after
 * forgiving small typos in weekday and month names ("fridy", "novmber"), with a plain explanation for dates
 * that do not exist ("31 February") instead of a generic refusal. Also the display forms used on every card.
 */

import { isSagebotError } from '../core/errors.ts';
import { resolveDate } from '../core/export/dates.ts';
import { MONTH_NAMES, WEEKDAY_NAMES } from './command-words.ts';
import { matchKeyword } from './fuzzy.ts';

export interface DateContext {
  timeZone: string;
  now?: Date;
}

export type ChatDate = { ok: true; date: string } | { ok: false; message: string; fix: string };

const FIX = 'Give a date such as "friday", "27 November", "yesterday", "end of last month" or 2026-11-27.';

/** Resolve chat text to YYYY-MM-DD; never throws. */
export function resolveChatDate(text: string, ctx: DateContext): ChatDate {
  const cleaned = ukDayMonth(dayFirst(correctDateWords(text.trim().slice(0, 80))));
  const impossible = explainImpossible(cleaned, ctx);
  if (impossible) return { ok: false, message: impossible, fix: FIX };
  try {
    return { ok: true, date: resolveDate(cleaned, { timeZone: ctx.timeZone, now: ctx.now }) };
  } catch (e) {
    if (isSagebotError(e)) return { ok: false, message: e.message, fix: e.fix ?? FIX };
    return { ok: false, message: `"${text.slice(0, 40)}" is not a date I understand.`, fix: FIX };
  }
}

/** "fridy" -> "friday", "Novmber" -> "november"; other words untouched. */
export function correctDateWords(text: string): string {
  const names = [...WEEKDAY_NAMES, ...MONTH_NAMES];
  return text
    .split(/\s+/)
    .map((w) => {
      const lower = w.toLowerCase();
      if (!/^[a-z]{4,}$/.test(lower) || names.includes(lower)) return w;
      return matchKeyword(lower, names) ?? w;
    })
    .join(' ');
}

/** "Nov 27" / "November 27th, 2026" -> "27 Nov 2026": chrono's en-GB reads month-first as month + year. */
export function dayFirst(text: string): string {
  const m = /^([a-z]+) (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?$/i.exec(text);
  if (!m || !MONTH_NAMES.some((n) => m[1].length >= 3 && n.startsWith(m[1].toLowerCase()))) return text;
  return `${m[2]} ${m[1]}${m[3] ? ` ${m[3]}` : ''}`;
}

/** "1/12" -> "1 december": in the UK a short numeric date is day first (chrono would refuse or read it US-style). */
export function ukDayMonth(text: string): string {
  const m = /^(\d{1,2})[/.-](\d{1,2})$/.exec(text.trim());
  if (!m) return text;
  const month = MONTH_NAMES[Number(m[2]) - 1];
  return month ? `${Number(m[1])} ${month}` : text;
}

function explainImpossible(text: string, ctx: DateContext): string | undefined {
  const m =
    /^(?:the )?(\d{1,2})(?:st|nd|rd|th)?(?: of)? ([a-z]+)(?: (\d{4}))?$/i.exec(text) ??
    swap(/^([a-z]+) (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?$/i.exec(text));
  if (!m) return undefined;
  const month = MONTH_NAMES.findIndex(
    (n) => n === m[2].toLowerCase() || (m[2].length >= 3 && n.startsWith(m[2].toLowerCase())),
  );
  if (month < 0) return undefined;
  const day = Number(m[1]);
  const year = m[3] ? Number(m[3]) : Number(formatter(ctx.timeZone, { year: 'numeric' }).format(ctx.now ?? new Date()));
  const days = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  if (day >= 1 && day <= days) return undefined;
  const name = MONTH_NAMES[month][0].toUpperCase() + MONTH_NAMES[month].slice(1);
  return `${day} ${name} is not a real date: ${name} ${year} has ${days} days.`;
}

function swap(m: RegExpExecArray | null): RegExpExecArray | null {
  if (!m) return null;
  const copy = [...m] as unknown as RegExpExecArray;
  [copy[1], copy[2]] = [m[2], m[1]];
  return copy;
}

/** Intl formatters are costly to build (~0.5 ms each): keep one per pattern and zone. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(opts)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, ...opts });
    formatters.set(key, f);
  }
  return f;
}

/** "Friday 27 November 2026 (2026-11-27)": the resolved date as every card shows it. */
export function describeDate(iso: string): string {
  return `${longDate(iso)} (${iso})`;
}

/** "Friday 27 November 2026". */
export function longDate(iso: string): string {
  const d = new Date(`${iso}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  return formatter('UTC', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
    .format(d)
    .replace(',', '');
}

/** "Fri 27 Nov": for acknowledgements. */
export function shortDate(iso: string): string {
  const d = new Date(`${iso}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  return formatter('UTC', { weekday: 'long', day: 'numeric', month: 'short' }).format(d).replace(',', '');
}

/** An instant in the configured zone: "27 Nov 2026 14:02". */
export function formatInstant(isoInstant: string | undefined, timeZone: string): string {
  if (!isoInstant) return '';
  const d = new Date(isoInstant);
  if (Number.isNaN(d.getTime())) return isoInstant;
  return formatter(timeZone, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  })
    .format(d)
    .replace(',', '');
}
