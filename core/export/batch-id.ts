/**
 * Batch ids: the guide's naming convention (date + the runner's initials + -I invoices / -E expenses /
 * -P procurement, then -1, -2... when taken) and the rule every batch id must follow: at most 50 characters
 * of letters, digits and - _ . / (what Manage's batchIdentifier holds and what is safe in file names,
 * commands and chat).
 */
import { SagebotError } from '../errors.ts';
import type { Kind } from './types.ts';

export const BATCH_ID_MAX = 50;
const SAFE = /^[A-Za-z0-9._/-]+$/;

export const KIND_SUFFIX: Record<Kind, string> = { invoices: 'I', expenses: 'E', inventory: 'P' };

/** Throws EXPORT_BAD_BATCH_ID with a message naming what is wrong. */
export function assertBatchIdFormat(batchId: string): void {
  const fix = 'Use at most 50 letters, digits and - _ . / (for example 20250430JD-I).';
  if (typeof batchId !== 'string' || batchId.trim() === '') {
    throw new SagebotError({ code: 'EXPORT_BAD_BATCH_ID', message: 'A batch id is needed.', fix });
  }
  if (batchId.length > BATCH_ID_MAX) {
    throw new SagebotError({
      code: 'EXPORT_BAD_BATCH_ID',
      message: `The batch id "${batchId.slice(0, 60)}…" is ${batchId.length} characters long; Manage holds at most ${BATCH_ID_MAX}.`,
      fix,
    });
  }
  if (!SAFE.test(batchId)) {
    const bad = [...new Set([...batchId].filter((c) => !/[A-Za-z0-9._/-]/.test(c)))]
      .map((c) => (c === ' ' ? 'space' : JSON.stringify(c)))
      .join(', ');
    throw new SagebotError({
      code: 'EXPORT_BAD_BATCH_ID',
      message: `The batch id "${batchId}" contains characters that are not allowed: ${bad}.`,
      fix,
    });
  }
}

export function batchExistsError(batchId: string): SagebotError {
  return new SagebotError({
    code: 'EXPORT_BATCH_EXISTS',
    message: `Manage already has a batch "${batchId}".`,
    fix: `Choose another batch id (for example "${batchId}-1"), or rerun the existing batch with "sagebot rerun ${batchId}".`,
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
  return `${date.replaceAll('-', '')}${initialsOf(userName)}-${KIND_SUFFIX[kind]}`;
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
