/** Slack text helpers: the documented escaping of `&`, `<`, `>` and a length bound for fallback text. */

/** Slack truncates `text` beyond 40,000 characters; notifications show far less. Keep it readable. */
export const MAX_TEXT = 3000;

/** Escape the three characters Slack treats as markup control, so echoed input cannot become `<!channel>`. */
export function escapeSlackText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function clampText(s: string, max = MAX_TEXT): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
