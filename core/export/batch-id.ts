/**
 * Batch ids: the guide's naming convention (date + the runner's initials + -I invoices / -E expenses /
 * -P procurement, then -1, -2... when taken) and the one rule every batch id follows, wherever it is typed
 * (card input, chat, command line) or checked (engine): 1 to 50 characters of letters, digits and - _ . /,
 * starting with a letter or digit. Fifty is what Manage's batchIdentifier holds; the character set is safe in
 * file names, commands and chat, and no space means what the user sees is what Manage stores.
 */
import { SagebotError } from '../errors.ts';
import { BATCH_SUFFIX, type Kind } from '../record-kind.ts';

export const BATCH_ID_MAX = 50;

/** The rule as a regular expression source (the cards put it in the input's `regex`). */
export const BATCH_ID_PATTERN = `^[A-Za-z0-9][A-Za-z0-9._/-]{0,${BATCH_ID_MAX - 1}}$`;
const RULE = new RegExp(BATCH_ID_PATTERN);
const ALLOWED_CHAR = /[A-Za-z0-9._/-]/;

/** An id that follows the convention (conventionalBatchId of 30 April 2025, John Doe, invoices), for examples. */
export const BATCH_ID_EXAMPLE = '20250430JD-I';

/** The rule in words, for hints and fixes. */
export const BATCH_ID_RULE = `at most ${BATCH_ID_MAX} letters, digits and - _ . /, starting with a letter or digit`;

/** What is wrong with a batch id, in a sentence; undefined when it follows the rule. */
export function batchIdProblem(batchId: unknown): string | undefined {
  if (typeof batchId !== 'string' || batchId.trim() === '') return 'A batch id is needed.';
  if (RULE.test(batchId)) return undefined;
  const shown = batchId.length > 60 ? `${batchId.slice(0, 60)}…` : batchId;
  if (batchId.length > BATCH_ID_MAX)
    return `"${shown}" is not a valid batch id: it is ${batchId.length} characters long; Manage holds at most ${BATCH_ID_MAX}.`;
  const bad = [...new Set([...batchId].filter((c) => !ALLOWED_CHAR.test(c)))];
  if (!bad.length) return `"${shown}" is not a valid batch id: it must start with a letter or digit.`;
  const named = bad.map((c) => (c === ' ' ? 'space' : JSON.stringify(c))).join(', ');
  return `"${shown}" is not a valid batch id: it contains characters that are not allowed: ${named}.`;
}

/** Throws EXPORT_BAD_BATCH_ID with a message naming what is wrong. */
export function assertBatchIdFormat(batchId: string): void {
  const problem = batchIdProblem(batchId);
  if (problem)
    throw new SagebotError({
      code: 'EXPORT_BAD_BATCH_ID',
      message: problem,
      fix: `Use ${BATCH_ID_RULE} (for example ${BATCH_ID_EXAMPLE}).`,
    });
}

/**
 * The batch is taken. `suggestion` is the first free id after it (nextFreeBatchId: 20261201SA-P is followed
 * by 20261201SA-P-1), so it keeps the kind's suffix. The fix is in words any surface can show: the chat and
 * the command line each have their own way to say "rerun".
 */
export function batchExistsError(batchId: string, suggestion: string): SagebotError {
  return new SagebotError({
    code: 'EXPORT_BATCH_EXISTS',
    message: `Batch ${batchId} already exists in Manage.`,
    fix: `Choose another batch number (${suggestion} is free), or rerun batch ${batchId} to post what Sage is missing.`,
    details: { batchId, suggestion },
  });
}

/** Initials of a person's name: "John Doe" → "JD", "jdoe" → "JD", "Mary-Jane O'Neil" → "MJO". */
export function initialsOf(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[^A-Za-z\s-]/g, '')
    .split(/[\s-]+/)
    .filter(Boolean);
  if (words.length >= 2)
    return words
      .map((w) => w[0])
      .join('')
      .toUpperCase()
      .slice(0, 4);
  const one = words[0] ?? '';
  return (one.slice(0, 2) || 'XX').toUpperCase();
}

/** The convention's base id: YYYYMMDD + initials + -I / -E / -P. */
export function conventionalBatchId(date: string, userName: string, kind: Kind): string {
  return `${date.replaceAll('-', '')}${initialsOf(userName)}-${BATCH_SUFFIX[kind]}`;
}

/** The base id if free, else the first free base-1, base-2, ... */
export function nextFreeBatchId(base: string, taken: Iterable<string>): string {
  const set = new Set([...taken].map((t) => t.toLowerCase()));
  if (!set.has(base.toLowerCase())) return base;
  for (let n = 1; ; n++) {
    const candidate = `${base}-${n}`;
    if (!set.has(candidate.toLowerCase())) return candidate;
  }
}
