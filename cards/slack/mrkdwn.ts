/**
 * Slack text objects from user text: mrkdwn escapes `&`, `<` and `>` (so `<!channel>` or `<@U123>` in a
 * company name cannot ping or link), plain_text stays as typed; both are clipped to a limit measured after
 * escaping, never cutting an entity in half.
 */
import { cleanText, clipRequired, ELLIPSIS } from '../text.ts';

export function escapeMrkdwn(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cut already-escaped mrkdwn to `max` characters without leaving half of an `&amp;`. */
export function truncateMrkdwn(md: string, max: number): string {
  if (md.length <= max) return md;
  let cut = md.slice(0, Math.max(0, max - 1));
  cut = cut.replace(/&[a-z]{0,4}$/, '');
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return cut.trimEnd() + ELLIPSIS;
}

/** User text as escaped mrkdwn of at most `max` characters; missing data is an error naming `where`. */
export function md(value: unknown, max: number, where: string, multiline = false): string {
  return truncateMrkdwn(escapeMrkdwn(clipRequired(value, max, where, multiline)), max);
}

/** Optional user text as escaped mrkdwn ('' when absent). */
export function mdOpt(value: unknown, max: number, multiline = false): string {
  if (value === undefined || value === null || value === '') return '';
  return truncateMrkdwn(escapeMrkdwn(cleanText(value, multiline)), max);
}

/** A plain_text object (not escaped: Slack does not parse plain_text), never empty. */
export function plain(value: unknown, max: number, where: string): { type: 'plain_text'; text: string; emoji: true } {
  const text = clipRequired(value, max, where);
  return { type: 'plain_text', text: text.trim() ? text : '-', emoji: true };
}
