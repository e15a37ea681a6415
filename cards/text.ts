/**
 * Text hygiene shared by both renderers: strips control and bidi-override characters, repairs lone
 * surrogates, clips long strings with an ellipsis without splitting a character, and formats counts.
 * Every piece of user text passes through here before it reaches a card, so sizes stay predictable.
 */
import { SagebotError } from '../core/errors.ts';

// C0 (except \n), DEL, C1, zero-width direction marks and bidi embeddings/overrides/isolates.
const CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export const ELLIPSIS = '…';

/** Any value as safe display text: one line unless `multiline`, no control characters, well-formed UTF-16. */
export function cleanText(value: unknown, multiline = false): string {
  let t = typeof value === 'string' ? value : String(value);
  t = t.replace(LONE_SURROGATE, '\uFFFD').replace(/\r\n?/g, '\n').replace(/\t/g, ' ').replace(CONTROL, '');
  if (!multiline) t = t.replace(/\n+/g, ' ');
  return t;
}

/** Cut to at most `max` UTF-16 units (ellipsis included), never inside a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return ELLIPSIS;
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end).trimEnd() + ELLIPSIS;
}

/**
 * Clean and clip a display string. `undefined`/`null` pass through unchanged on purpose: the Adaptive Card
 * template then keeps its `${...}` and the unresolved-expression check names what is missing.
 */
export function clip(value: unknown, max: number, multiline = false): string {
  if (value === undefined || value === null) return value as unknown as string;
  return truncate(cleanText(value, multiline), max);
}

/** Like clip, but missing data is an error right away (renderers without a template check). */
export function clipRequired(value: unknown, max: number, where: string, multiline = false): string {
  if (value === undefined || value === null) throw missingData(where);
  return clip(value, max, multiline);
}

/** A list from a view model; a missing list is a bug in the caller, reported with the field's name. */
export function listOf<T>(value: T[] | undefined | null, where: string): T[] {
  if (!Array.isArray(value)) throw missingData(where);
  return value;
}

export function missingData(where: string): SagebotError {
  return new SagebotError({
    code: 'CARD_DATA_MISSING',
    message: `A card could not be drawn because ${where} is missing.`,
    fix: 'This is a bug in sagebot; the details are in the log.',
    details: { field: where },
  });
}

const INT = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/** 5000 -> "5,000"; anything not a finite number -> "0". */
export function formatCount(n: number): string {
  return INT.format(Number.isFinite(n) ? n : 0);
}

/** "1 item" / "3 items". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** The first `n` items and how many were left out (for "and N more"). */
export function topN<T>(items: T[], n: number): { items: T[]; more: number } {
  return { items: items.slice(0, Math.max(0, n)), more: Math.max(0, items.length - Math.max(0, n)) };
}

/** "and 12 more" (empty when nothing was left out). */
export function andMore(more: number, noun = 'more'): string {
  return more > 0 ? `…and ${formatCount(more)} ${noun}` : '';
}

/**
 * Only absolute http(s) URLs, normalised, without credentials, and with the characters that mean something
 * to templates, markdown or Slack (`{ } | < > " \` ^ [ ]`) percent-encoded; anything else is dropped.
 */
export function safeUrl(url: unknown, max = 2000): string | undefined {
  if (typeof url !== 'string' || url.length > max) return undefined;
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
    const rest = `${u.pathname}${u.search}${u.hash}`.replace(/[{}|<>"`^[\]\s]/g, (c) => encodeURIComponent(c));
    const href = `${u.origin}${rest}`;
    return href.length <= max ? href : undefined;
  } catch {
    return undefined;
  }
}
