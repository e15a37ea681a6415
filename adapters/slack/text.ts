/** Slack text helpers: a length bound for fallback text and notes (Slack truncates `text` at 40,000). */

export const MAX_TEXT = 3000;

export function clampText(s: string, max = MAX_TEXT): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
