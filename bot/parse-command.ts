/**
 * Chat text -> a command, purely (the clock and time zone are passed in). Tolerant of case, word order,
 * filler words and small typos; never throws: anything it cannot read becomes `unknown` (answered with help)
 * or `invalid` (understood, but an argument is wrong: a reply says which and how to fix it).
 * Huge input is cut to MAX_COMMAND_CHARS before any other work.
 */
import type { DetailLevel, Kind, SinceOption } from '../core/export/types.ts';
import {
  ALL_KINDS,
  DETAIL_LEVELS,
  DETAIL_WORDS,
  EVERY_LOCATION,
  EVERYTHING_WORDS,
  EXCLUDE_WORDS,
  FILLER,
  INCLUDE_WORDS,
  INTENT_WORDS,
  type Intent,
  KIND_WORDS,
  LIST_JOINERS,
  LOCATION_WORDS,
  PAYMENT_WORDS,
  THROUGH_WORDS,
} from './command-words.ts';
import { type DateContext, resolveChatDate } from './dates.ts';
import { matchKeyword } from './fuzzy.ts';
import { parseScheduleCommand, type ScheduleCommand } from './parse-schedule.ts';
import { parseSince } from './parse-since.ts';

export const MAX_COMMAND_CHARS = 500;
const MAX_TOKENS = 40;

export interface ExportCommand {
  type: 'export';
  verb: 'run' | 'preview' | 'post';
  kind: Kind;
  /** Resolved YYYY-MM-DD. */
  throughDate: string;
  /** What the user wrote for the date ("friday"), or "today" when they gave none. */
  throughText: string;
  location?: string;
  detail: DetailLevel;
  /** Numbers as the preview shows them: "only EXP2001 EXP2004" / "except EXP2007". */
  includeNumbers?: string[];
  excludeNumbers?: string[];
}

export type Command =
  | ExportCommand
  /** "run everything through friday": one preview per kind. */
  | { type: 'exportAll'; exports: ExportCommand[] }
  /** `force`: "rerun <batch> force" asks for a forced rerun (post again what Sage holds), still approved on its card. */
  | { type: 'rerun'; batch: string; force?: true }
  /** "reconcile 20261127-JD-I": read the batch back from Sage and compare (read-only). */
  | { type: 'reconcile'; batch: string }
  | { type: 'sync'; since: SinceOption; sinceText: string }
  | { type: 'batches' }
  | { type: 'status' }
  | { type: 'settings' }
  | { type: 'alerts'; on: boolean }
  | { type: 'help' }
  | { type: 'cancel' }
  /** "every weekday at 8:00 preview invoices here", "schedules", "stop the invoice schedule". */
  | Exclude<ScheduleCommand, { type: 'invalid' }>
  | { type: 'invalid'; message: string; fix: string }
  | { type: 'unknown'; text: string; truncated: boolean };

export interface Token {
  raw: string;
  word: string;
}

const INTENT_KEYS = Object.keys(INTENT_WORDS);
const KIND_KEYS = Object.keys(KIND_WORDS);
const LEVEL_KEYS = Object.keys(DETAIL_LEVELS);
const SINGLE: Intent[] = ['cancel', 'status', 'settings', 'batches', 'help'];

/** Parse one chat message (the bot mention already removed). */
export function parseCommand(input: unknown, ctx: DateContext): Command {
  const { text, truncated } = sanitize(input);
  if (!text) return { type: 'help' };
  const tokens = tokenize(text);
  if (tokens.length > MAX_TOKENS) return { type: 'unknown', text: text.slice(0, 80), truncated: true };
  const scheduled = parseScheduleCommand(text);
  if (scheduled) return scheduled;
  const intents = tokens.map((t) => (isClauseWord(t.word) ? undefined : intentOf(t.word)));
  const kinds = tokens.map((t) => (isClauseWord(t.word) ? undefined : kindOf(t.word)));
  const has = (i: Intent) => intents.includes(i);

  if (has('alerts')) return parseAlerts(tokens);
  if (has('reconcile') && !tokens.some((t) => PAYMENT_WORDS.includes(t.word))) return parseReconcile(tokens, intents);
  if (has('rerun')) return parseRerun(tokens, intents);
  const exportVerb = intents.some((i) => i === 'run' || i === 'preview' || i === 'post');
  if (has('sync') || (tokens.some((t) => PAYMENT_WORDS.includes(t.word)) && (!kinds.some(Boolean) || !exportVerb))) {
    return parseSync(tokens, intents, ctx);
  }
  const first = intents[0];
  if (first && SINGLE.includes(first)) return { type: first } as Command;
  if (kinds.some(Boolean)) return parseExport(tokens, intents, kinds, ctx);
  const single = intents.find((i) => i && SINGLE.includes(i));
  if (single) return { type: single } as Command;
  if (exportVerb && tokens.some((t) => EVERYTHING_WORDS.includes(t.word))) return parseEverything(tokens, intents, ctx);
  if (exportVerb) {
    return {
      type: 'invalid',
      message: 'Which transactions: invoices, expenses or inventory?',
      fix: 'For example: "run invoices through friday".',
    };
  }
  return { type: 'unknown', text: text.slice(0, 80), truncated };
}

/** Cut, strip markup and invisible characters, collapse spaces, drop a leading "@sagebot". */
export function sanitize(input: unknown): { text: string; truncated: boolean } {
  const s0 = typeof input === 'string' ? input : '';
  const truncated = s0.length > MAX_COMMAND_CHARS;
  const text = s0
    .slice(0, MAX_COMMAND_CHARS)
    .replace(/<[^<>]{0,200}>/g, ' ')
    .replace(/&nbsp;|&#160;/gi, ' ')
    .replace(/&amp;/gi, '&')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    // eslint-disable-next-line no-control-regex -- stripping control characters from untrusted chat text is the point
    .replace(/[\u0000-\u001f\u007f\u200b-\u200f\u2028-\u202f\u2060\ufeff]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^@?sagebot\b[,:]?\s*/i, '');
  return { text, truncated };
}

const JOINS: Array<[RegExp, string]> = [
  [/\bre[- ]run\b/gi, 'rerun'],
  [/\bre[- ]post\b/gi, 'repost'],
  [/\bup to\b/gi, 'upto'],
  [/\bas of\b/gi, 'asof'],
  [/\bnever mind\b/gi, 'nevermind'],
  [/\bcut[- ]off\b/gi, 'cutoff'],
  [/\bset ?up\b/gi, 'settings'],
  [/\bbut not\b/gi, 'butnot'],
  [/\bleav(?:e|ing) out\b/gi, 'leaveout'],
  [/\bother than\b/gi, 'otherthan'],
  [/\bapart from\b/gi, 'apartfrom'],
  [/\ball (?:three|3|kinds|types)\b/gi, 'allkinds'],
];

export function tokenize(text: string): Token[] {
  let s = text;
  for (const [re, to] of JOINS) s = s.replace(re, to);
  return s
    .split(' ')
    .map((piece) => {
      const raw = piece.replace(/^["'`([{]+|["'`)\]},;:!.?]+$/g, '') || piece;
      const word = raw === '?' ? '?' : raw.toLowerCase().replace(/^[^\p{L}\p{N}#@]+|[^\p{L}\p{N}]+$/gu, '');
      return { raw, word };
    })
    .filter((t) => t.word !== '');
}

function intentOf(word: string): Intent | undefined {
  const k = matchKeyword(word, INTENT_KEYS);
  return k ? INTENT_WORDS[k] : undefined;
}

function kindOf(word: string): Kind | undefined {
  const k = matchKeyword(word, KIND_KEYS);
  return k ? KIND_WORDS[k] : undefined;
}

function parseAlerts(tokens: Token[]): Command {
  const off = tokens.some((t) =>
    ['off', 'stop', 'disable', 'none', 'no', 'remove', 'unregister', 'mute', 'cancel'].includes(t.word),
  );
  return { type: 'alerts', on: !off };
}

const RERUN_SKIP = new Set([
  'batch',
  'number',
  'id',
  'no',
  'the',
  'please',
  'force',
  'forced',
  'again',
  'for',
  'of',
  'called',
  'named',
]);

function parseRerun(tokens: Token[], intents: Array<Intent | undefined>): Command {
  const candidates = tokens.filter((t, i) => intents[i] !== 'rerun' && !RERUN_SKIP.has(t.word) && t.word !== '#');
  const batch = candidates[0]?.raw.replace(/^#/, '');
  if (!batch)
    return {
      type: 'invalid',
      message: 'Which batch should I rerun?',
      fix: 'Say "rerun" and the batch number, e.g. "rerun 20261127-JD-I". "batches" lists them.',
    };
  const force = tokens.some((t) => t.word === 'force' || t.word === 'forced');
  return { type: 'rerun', batch: batch.slice(0, 60), ...(force ? { force: true as const } : {}) };
}

function parseReconcile(tokens: Token[], intents: Array<Intent | undefined>): Command {
  const candidates = tokens.filter(
    (t, i) =>
      intents[i] !== 'reconcile' && !RERUN_SKIP.has(t.word) && !['with', 'sage'].includes(t.word) && t.word !== '#',
  );
  const batch = candidates[0]?.raw.replace(/^#/, '');
  if (!batch)
    return {
      type: 'invalid',
      message: 'Which batch should I read back from Sage?',
      fix: 'Say "reconcile" and the batch number, e.g. "reconcile 20261127-JD-I" ("sync payments" copies payments). "batches" lists them.',
    };
  return { type: 'reconcile', batch: batch.slice(0, 60) };
}

function parseSync(tokens: Token[], intents: Array<Intent | undefined>, ctx: DateContext): Command {
  const rest = tokens.filter(
    (t, i) =>
      intents[i] !== 'sync' &&
      intents[i] !== 'reconcile' &&
      !PAYMENT_WORDS.includes(t.word) &&
      !['please', 'sagebot', 'invoice', 'invoices', 'update', 'apply', 'refresh'].includes(t.word),
  );
  return parseSince(rest.map((t) => t.word).join(' '), ctx);
}

interface ExportParts {
  through?: Token[];
  throughWord?: string;
  location?: Token[];
  detail?: DetailLevel;
  detailBad?: string;
  include?: string[];
  exclude?: string[];
  /** A list word with no number after it ("run expenses except"). */
  emptyList?: 'include' | 'exclude';
  leftovers: Token[];
}

function parseExport(
  tokens: Token[],
  intents: Array<Intent | undefined>,
  kinds: Array<Kind | undefined>,
  ctx: DateContext,
): Command {
  const distinct = [...new Set(kinds.filter(Boolean))] as Kind[];
  if (distinct.length > 1) {
    return {
      type: 'invalid',
      message: `One kind at a time, please (I read ${distinct.join(' and ')}).`,
      fix: 'For example "run invoices through friday", then "run expenses through friday".',
    };
  }
  const verbIntent = intents.find((i) => i === 'run' || i === 'preview' || i === 'post') as
    | 'run'
    | 'preview'
    | 'post'
    | undefined;
  const parts = splitClauses(tokens, intents, kinds);
  if (parts.detailBad !== undefined) {
    return {
      type: 'invalid',
      message: `"${parts.detailBad}" is not a detail level.`,
      fix: 'Use "detail default", "detail condensed" or "detail detailed".',
    };
  }
  return finishExport(distinct[0], verbIntent ?? 'run', parts, ctx);
}

function finishExport(kind: Kind, verb: 'run' | 'preview' | 'post', parts: ExportParts, ctx: DateContext): Command {
  let throughText = parts.through?.map((t) => t.raw).join(' ') ?? '';
  const placeWords = parts.location?.filter((t) => !FILLER.has(t.word)) ?? [];
  let location = placeWords.length
    ? parts.location
        ?.map((t) => t.raw)
        .join(' ')
        .replace(/^["']|["']$/g, '')
    : undefined;
  const leftovers = parts.leftovers.filter((t) => !FILLER.has(t.word));
  if (!throughText && location && resolveChatDate(location, ctx).ok) {
    throughText = location; // "run invoices for friday": a date, not a place
    location = undefined;
  }
  if (!throughText && leftovers.length) {
    const candidate = leftovers.map((t) => t.raw).join(' ');
    if (!resolveChatDate(candidate, ctx).ok) {
      return {
        type: 'invalid',
        message: `I did not understand "${candidate.slice(0, 60)}".`,
        fix: 'For example: "run invoices through friday for London detail condensed".',
      };
    }
    throughText = candidate;
  } else if (leftovers.length) {
    return {
      type: 'invalid',
      message: `I did not understand "${leftovers
        .map((t) => t.raw)
        .join(' ')
        .slice(0, 60)}".`,
      fix: 'For example: "run invoices through friday for London detail condensed".',
    };
  }
  if (!throughText && parts.throughWord && parts.throughWord !== 'to') {
    return {
      type: 'invalid',
      message: `"${parts.throughWord}" which date?`,
      fix: 'For example "through friday", "through 27 November" or "through 2026-11-27".',
    };
  }
  const date = resolveChatDate(throughText || 'today', ctx);
  if (!date.ok) return { type: 'invalid', message: date.message, fix: date.fix };
  if (location && EVERY_LOCATION.test(location)) location = undefined;
  if (parts.emptyList) return emptyListAnswer(parts.emptyList, kind);
  return {
    type: 'export',
    verb,
    kind,
    throughDate: date.date,
    throughText: throughText || 'today',
    location: location || undefined,
    detail: parts.detail ?? 'Default',
    ...(parts.include?.length ? { includeNumbers: parts.include } : {}),
    ...(parts.exclude?.length ? { excludeNumbers: parts.exclude } : {}),
  };
}

function emptyListAnswer(list: 'include' | 'exclude', kind: Kind): Command {
  const example = kind === 'expenses' ? 'EXP2007' : kind === 'inventory' ? 'PO102' : '460';
  return {
    type: 'invalid',
    message: list === 'exclude' ? 'Which ones should I leave out?' : 'Which ones should I take?',
    fix: `Give the numbers the preview shows, e.g. "run ${kind} ${list === 'exclude' ? 'except' : 'only'} ${example}".`,
  };
}

/** "run everything through friday": the same options for each kind, one preview (and batch number) each. */
function parseEverything(tokens: Token[], intents: Array<Intent | undefined>, ctx: DateContext): Command {
  const keep = tokens.map((t) => !EVERYTHING_WORDS.includes(t.word));
  const rest = tokens.filter((_, i) => keep[i]);
  const verb = (intents.find((i) => i === 'run' || i === 'preview' || i === 'post') ?? 'run') as ExportCommand['verb'];
  const parts = splitClauses(
    rest,
    intents.filter((_, i) => keep[i]),
    rest.map(() => undefined),
  );
  if (parts.include?.length || parts.exclude?.length || parts.emptyList)
    return {
      type: 'invalid',
      message: 'Numbers to leave out belong to one kind.',
      fix: 'Say it per kind, e.g. "run expenses except EXP2007 through friday".',
    };
  const first = finishExport('invoices', verb, parts, ctx);
  if (first.type !== 'export') return first;
  return { type: 'exportAll', exports: ALL_KINDS.map((kind) => ({ ...first, kind })) };
}

type Clause = 'through' | 'location' | 'detail' | 'include' | 'exclude';

/** Inside "except ..." / "only ...": numbers join the list, joiners are passed over; true when consumed. */
function takeListToken(parts: ExportParts, open: Clause | undefined, t: Token): boolean {
  if (open !== 'include' && open !== 'exclude') return false;
  if (/\d/.test(t.word)) {
    (parts[open] ??= []).push(t.raw.replace(/^#/, '').slice(0, 40));
    if (parts.emptyList === open) parts.emptyList = undefined;
    return true;
  }
  return LIST_JOINERS.has(t.word) || FILLER.has(t.word);
}

/** One left-to-right pass: clause keywords take the words after them until the next keyword. */
function splitClauses(
  tokens: Token[],
  intents: Array<Intent | undefined>,
  kinds: Array<Kind | undefined>,
): ExportParts {
  const parts: ExportParts = { leftovers: [] };
  let open: Clause | undefined;
  let seenIntent = false;
  let seenKind = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const clause = clauseOf(t.word);
    const isIntent = intents[i] !== undefined && (!open || !seenIntent);
    const isKind = kinds[i] !== undefined && (!open || !seenKind);
    if (clause && !(open === 'location' && clause === 'location')) {
      open = clause;
      if (clause === 'through') parts.throughWord = t.word;
      if ((clause === 'include' || clause === 'exclude') && !parts[clause]?.length) parts.emptyList = clause;
      continue;
    }
    if (takeListToken(parts, open, t)) continue;
    if (open === 'include' || open === 'exclude') open = undefined;
    if (isIntent || isKind) {
      seenIntent ||= intents[i] !== undefined;
      seenKind ||= kinds[i] !== undefined;
      open = undefined;
      continue;
    }
    const level = matchKeyword(t.word, LEVEL_KEYS);
    if (open === 'detail') {
      if (level) parts.detail = DETAIL_LEVELS[level];
      else parts.detailBad = t.raw;
      open = undefined;
    } else if (open === 'through') {
      (parts.through ??= []).push(t);
    } else if (open === 'location') {
      (parts.location ??= []).push(t);
    } else if (level && ['condensed', 'detailed', 'default', 'summary'].includes(level)) {
      parts.detail = DETAIL_LEVELS[level];
    } else {
      parts.leftovers.push(t);
    }
  }
  if (open === 'detail' && parts.detail === undefined) parts.detailBad = '';
  return parts;
}

function isClauseWord(word: string): boolean {
  return (
    THROUGH_WORDS.includes(word) ||
    LOCATION_WORDS.includes(word) ||
    DETAIL_WORDS.includes(word) ||
    EXCLUDE_WORDS.includes(word) ||
    INCLUDE_WORDS.includes(word)
  );
}

function clauseOf(word: string): Clause | undefined {
  if (THROUGH_WORDS.includes(word) || matchKeyword(word, ['through']) === 'through') return 'through';
  if (LOCATION_WORDS.includes(word)) return 'location';
  if (DETAIL_WORDS.includes(word)) return 'detail';
  if (EXCLUDE_WORDS.includes(word)) return 'exclude';
  if (INCLUDE_WORDS.includes(word)) return 'include';
  return undefined;
}
