/**
 * The start of a payment sync in chat words: "since last run", "last week", "two weeks", "last month" or a
 * date. Maps onto the engine's SinceOption ('last' | 'week' | '2weeks' | 'month' | YYYY-MM-DD).
 */
import type { SinceOption } from '../core/export/types.ts';
import { type DateContext, resolveChatDate } from './dates.ts';

const RULES: Array<[RegExp, 'last' | 'week' | '2weeks' | 'month', string]> = [
  [/^(last|previous)( successful)? (run|time|sync)$|^last$|^(last|previous) one$/, 'last', 'since the last run'],
  [/^((last|past|previous|this|a|one|1) )?week$|^7 days$/, 'week', 'the past week'],
  [/^((last|past|previous) )?(two|2) weeks$|^((last|past|a) )?fortnight$|^14 days$/, '2weeks', 'the past two weeks'],
  [/^((last|past|previous|this|a|one|1) )?month$|^30 days$/, 'month', 'the past month'],
];

/** A sync command, or why the words are not a start date (both are shapes of parse-command.ts's Command). */
export type SinceResult =
  | { type: 'sync'; since: SinceOption; sinceText: string }
  | { type: 'invalid'; message: string; fix: string };

export function parseSince(text: string, ctx: DateContext): SinceResult {
  const t = text
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(since|from|for|over|in|during|starting|back to)( the)? /, '')
    .replace(/^the /, '')
    .replace(/ (ago|back)$/, (m) => (m === ' ago' ? m : ''));
  if (t === '') return { type: 'sync', since: 'last', sinceText: 'since the last run' };
  for (const [re, since, words] of RULES) if (re.test(t)) return { type: 'sync', since, sinceText: words };
  const date = resolveChatDate(t, ctx);
  if (!date.ok) {
    return {
      type: 'invalid',
      message: date.message,
      fix: 'Say "sync payments" (since the last run), "sync payments last week", "two weeks", "last month" or "since 1 November".',
    };
  }
  return { type: 'sync', since: date.date, sinceText: `since ${date.date}` };
}
