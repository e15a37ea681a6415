/**
 * The vocabulary of the chat commands: every word (and common misspelling-free synonym) a finance user may
 * type, mapped to what it means. parse-command.ts matches tokens against these lists with typo tolerance.
 */
import type { DetailLevel, Kind } from '../core/export/types.ts';
import { KINDS } from '../core/record-kind.ts';

export type Intent =
  | 'run'
  | 'preview'
  | 'post'
  | 'rerun'
  | 'reconcile'
  | 'sync'
  | 'batches'
  | 'status'
  | 'settings'
  | 'alerts'
  | 'help'
  | 'cancel';

/** Word -> intent. Verbs of the export flow (run/preview/post) and the single-word commands. */
export const INTENT_WORDS: Record<string, Intent> = {
  run: 'run',
  export: 'run',
  transfer: 'run',
  process: 'run',
  send: 'run',
  go: 'run',
  preview: 'preview',
  show: 'preview',
  check: 'preview',
  view: 'preview',
  list: 'preview',
  see: 'preview',
  post: 'post',
  book: 'post',
  push: 'post',
  rerun: 'rerun',
  repost: 'rerun',
  redo: 'rerun',
  resend: 'rerun',
  sync: 'sync',
  synch: 'sync',
  synchronise: 'sync',
  synchronize: 'sync',
  resync: 'sync',
  // "reconcile BATCH" reads a batch back from Sage; "reconcile payments" is still a payment sync (parse-command.ts).
  reconcile: 'reconcile',
  reconciliation: 'reconcile',
  readback: 'reconcile',
  batches: 'batches',
  history: 'batches',
  status: 'status',
  health: 'status',
  busy: 'status',
  settings: 'settings',
  setting: 'settings',
  config: 'settings',
  configuration: 'settings',
  options: 'settings',
  modules: 'settings',
  alerts: 'alerts',
  alert: 'alerts',
  notifications: 'alerts',
  notify: 'alerts',
  help: 'help',
  commands: 'help',
  usage: 'help',
  hello: 'help',
  hi: 'help',
  hey: 'help',
  '?': 'help',
  cancel: 'cancel',
  stop: 'cancel',
  abort: 'cancel',
  nevermind: 'cancel',
  discard: 'cancel',
};

export const KIND_WORDS: Record<string, Kind> = {
  invoices: 'invoices',
  invoice: 'invoices',
  inv: 'invoices',
  invs: 'invoices',
  bills: 'invoices',
  bill: 'invoices',
  billing: 'invoices',
  sales: 'invoices',
  receivables: 'invoices',
  expenses: 'expenses',
  expense: 'expenses',
  exp: 'expenses',
  expences: 'expenses',
  claims: 'expenses',
  inventory: 'inventory',
  procurement: 'inventory',
  stock: 'inventory',
  purchases: 'inventory',
  purchase: 'inventory',
  purchasing: 'inventory',
  receipts: 'inventory',
  procure: 'inventory',
};

/** Words that start a through-date clause. ("up to" and "as of" are joined into one token first.) */
export const THROUGH_WORDS = [
  'through',
  'thru',
  'thro',
  'til',
  'till',
  'until',
  'upto',
  'to',
  'asof',
  'ending',
  'cutoff',
  'before',
];
/** Words that start a list of numbers to leave out ("but not", "leave out", "other than" are joined first). */
export const EXCLUDE_WORDS = [
  'except',
  'excluding',
  'exclude',
  'excl',
  'without',
  'skip',
  'skipping',
  'omit',
  'omitting',
  'minus',
  'butnot',
  'leaveout',
  'otherthan',
  'apartfrom',
  'bar',
];
/** Words that start a list of the only numbers to take. */
export const INCLUDE_WORDS = ['only', 'solely'];
/** Numbers are listed with these between them: never the end of the list. */
export const LIST_JOINERS = new Set([
  'and',
  'or',
  'nor',
  'also',
  'plus',
  'the',
  'claim',
  'claims',
  'invoice',
  'po',
  'number',
  'numbers',
  'nos',
  'no',
  '&',
]);
/** "run everything through friday": all three kinds, one preview (and batch) each. */
export const EVERYTHING_WORDS = ['everything', 'all', 'each', 'every', 'allkinds'];
export const ALL_KINDS: readonly Kind[] = KINDS;
export const LOCATION_WORDS = ['for', 'at', 'location', 'loc', 'site', 'branch', 'office'];
/** A "location" that names every location: no location filter ("for all locations"). */
export const EVERY_LOCATION = /^(all|everywhere|any|all locations|every location)$/i;
export const DETAIL_WORDS = ['detail', 'details', 'level'];

export const DETAIL_LEVELS: Record<string, DetailLevel> = {
  default: 'Default',
  normal: 'Default',
  standard: 'Default',
  condensed: 'Condensed',
  condense: 'Condensed',
  summary: 'Condensed',
  summarised: 'Condensed',
  short: 'Condensed',
  brief: 'Condensed',
  detailed: 'Detailed',
  full: 'Detailed',
  long: 'Detailed',
  verbose: 'Detailed',
};

/** Words that say nothing: ignored wherever they appear. */
export const FILLER = new Set([
  'please',
  'pls',
  'plz',
  'can',
  'could',
  'would',
  'will',
  'you',
  'u',
  'me',
  'us',
  'the',
  'a',
  'an',
  'all',
  'any',
  'my',
  'our',
  'some',
  'unposted',
  'new',
  'pending',
  'outstanding',
  'now',
  'up',
  'of',
  'and',
  'then',
  'just',
  'kindly',
  'sagebot',
  '@sagebot',
  'bot',
  'ok',
  'okay',
  'thanks',
  'thank',
  'lets',
  "let's",
  'let',
  'i',
  'want',
  'need',
  'to',
  'like',
  'do',
  'is',
  'are',
  'what',
  'whats',
  "what's",
  'there',
  'out',
  'into',
  'sage',
  'from',
  'manage',
  'in',
]);

export const PAYMENT_WORDS = ['payments', 'payment', 'paid', 'receipts', 'cash'];

export const WEEKDAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
export const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
