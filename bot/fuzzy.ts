/**
 * Keyword matching that forgives small typos: Damerau-Levenshtein distance (optimal string alignment, so a
 * swapped pair of letters counts once) with a budget that grows with the keyword's length. Words under five
 * letters must match exactly, and a few everyday words are never "corrected" into commands ("past" is not "post").
 */

/** Optimal-string-alignment distance; stops early (returns max+1) once it cannot be within `max`. */
export function damerauLevenshtein(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const row = new Array<number>(cols).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j < cols; j++) d[0][j] = j;
  for (let i = 1; i < rows; i++) {
    let rowMin = Infinity;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2][j - 2] + 1);
      d[i][j] = v;
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
  }
  return d[rows - 1][cols - 1];
}

/** Words that look like keywords but mean something else; never fuzzy-matched. */
const NEVER_CORRECT = new Set([
  'past',
  'last',
  'most',
  'host',
  'port',
  'fast',
  'test',
  'this',
  'that',
  'then',
  'than',
  'week',
  'weeks',
  'month',
  'here',
  'with',
  'from',
  'what',
  'when',
  'have',
  'been',
  'into',
  'only',
  'over',
  'time',
  'runs',
  'sent',
  'stay',
  'state',
  'sales',
  'start',
  'store',
  'story',
  'status',
  'return',
  'review',
  'stuck',
  'sing',
  'sink',
  'bill',
]);

/** How many edits a keyword of this length tolerates. */
export function typoBudget(keyword: string): number {
  if (keyword.length >= 7) return 2;
  if (keyword.length >= 5) return 1;
  return 0;
}

/**
 * The keyword `token` stands for, or undefined. Exact matches win; otherwise the closest keyword within its
 * budget (distance 2 also needs the same first letter). Ties go to the earlier keyword.
 */
export function matchKeyword(token: string, keywords: readonly string[]): string | undefined {
  if (keywords.includes(token)) return token;
  if (token.length < 4 || NEVER_CORRECT.has(token) || !/^[a-z]+$/.test(token)) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of keywords) {
    const budget = typoBudget(k);
    if (budget === 0) continue;
    const dist = damerauLevenshtein(token, k, budget);
    if (dist > budget || (dist === 2 && token[0] !== k[0])) continue;
    if (dist < bestDistance) {
      best = k;
      bestDistance = dist;
    }
  }
  return best;
}
