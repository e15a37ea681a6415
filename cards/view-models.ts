/**
 * View models: the data every card is a pure function of. The bot builds them (with money and dates already
 * formatted for display); cards/adaptive/* turn them into Adaptive Cards 1.5 and cards/slack/* into Block Kit.
 * Lists here may be long (5,000 rows): renderers page and summarise so every card stays inside the limits.
 */

export interface Fact {
  title: string;
  value: string;
}

/** A table row: cells already formatted. */
export interface Row {
  cells: string[];
}

export interface Table {
  title: string;
  columns: string[];
  rows: Row[];
}

export interface ProblemItem {
  record: string;
  message: string;
  fix: string;
}

/**
 * Paging of a long list inside a card; "Show more" asks for page+1 with the flow id. Pass the whole list in the
 * view: each renderer cuts pages of min(pageSize, its own maximum) (cards/paging.ts), and its Show more button
 * carries the next page number in that same size. `page` comes back from clicks and is clamped.
 */
export interface Paging {
  page: number; // 0-based
  pageSize: number;
  totalItems: number;
}

export interface HelpView {
  kind: 'help';
  title: string;
  intro?: string;
  commands: Array<{ command: string; description: string }>;
  examples: string[];
}

export interface NoticeView {
  kind: 'notice';
  tone: 'info' | 'success' | 'warning' | 'error';
  title: string;
  text: string;
  facts?: Fact[];
}

export interface PreviewTxRow {
  manageId: number;
  type: string;
  number: string;
  date: string;
  party: string;
  amount: string; // "GBP 1,234.50"
  documents: string; // "SI 4600, SC 4601"
  status: 'transfer' | 'skip' | 'problem';
  note?: string;
  /** The line text its Sage documents will carry at the chosen detail level ("Managed services; Licences"). */
  lines?: string;
}

/** What a user may change on an open preview before pressing Re-check. */
export interface PreviewChoices {
  /** The transactions one may tick (capped: a long list is narrowed by typing numbers instead). */
  transactions: Array<{ value: string; title: string }>;
  /** The numbers ticked now. */
  selected: string[];
  /** Set when there are more transactions than the card lists. */
  tooMany?: string;
  /** Locations that have transactions; '' stands for all locations. */
  locations: string[];
  location: string;
  detail: string;
}

export interface PreviewView {
  kind: 'preview';
  flowId: string;
  /** "invoices" | "expenses" | "inventory" */
  batchKind: string;
  title: string;
  /** The resolved through date in words and ISO: "Friday 27 November 2026 (2026-11-27)". */
  throughDate: string;
  location?: string;
  detail: string;
  requestedBy: string;
  summary: Fact[];
  transactions: PreviewTxRow[];
  paging: Paging;
  totalsByType: Table;
  totalsByCurrency: Table;
  nominalImpact: Table;
  taxImpact: Table;
  creations: Fact[];
  problems: ProblemItem[];
  /** The batch id input, prefilled with the suggestion. */
  batchId: string;
  batchIdError?: string;
  /**
   * ready: batch number + Approve + Cancel; blocked: problems + Re-check + Cancel; stale: the unposted set changed,
   * differences shown, Approve again; approved/cancelled: final, no buttons.
   */
  state: 'ready' | 'blocked' | 'stale' | 'approved' | 'cancelled' | 'empty';
  staleChanges?: string[];
  note?: string;
  /** Why records are not transferred, each reason whole and once, with the records it covers. */
  skipReasons?: string[];
  /** Transactions left out of this batch by number, one line each ("Expense EXP2007 · Jane Doe · GBP 149.40"). */
  leftOut?: string[];
  /** The choices of an open preview (transactions, location, detail), applied by Re-check. */
  choose?: PreviewChoices;
}

export interface ProgressView {
  kind: 'progress';
  flowId: string;
  title: string;
  done: number;
  total: number;
  phase: string;
  current?: string;
  startedAt: string;
}

export interface ResultsView {
  kind: 'results';
  flowId: string;
  title: string;
  outcome: 'completed' | 'partial' | 'failed';
  batch: string;
  manageBatchId?: string;
  summary: Fact[];
  totals: Table;
  posted: Table;
  failed: ProblemItem[];
  /** The heading over the failures, with the advice ("fix these, then rerun the batch"); a default when absent. */
  failedTitle?: string;
  skipped: Table;
  /** Why records were skipped, each reason whole and once, with the records it covers. */
  skipReasons?: string[];
  paging: Paging;
  links: Array<{ title: string; url: string }>;
  /** The batch read back from Sage: per type and currency, and each difference (absent: nothing to read back). */
  readBack?: { table: Table; differences: ProblemItem[] };
}

export interface RerunView {
  kind: 'rerun';
  flowId: string;
  title: string;
  batch: string;
  warning: string;
  documents: Table;
  paging: Paging;
  alreadyInSage: number;
  /** What an approval would post: 0 means nothing, and then the card offers no approval. */
  toPost: number;
  /** Asked for as a forced rerun: every document is posted again (no toggle, "Approve forced rerun"). */
  forced?: boolean;
  state: 'ready' | 'approved' | 'cancelled';
}

export interface PaymentSyncView {
  kind: 'paymentSync';
  flowId: string;
  title: string;
  since: string;
  summary: Fact[];
  updated: Table;
  problems: ProblemItem[];
  paging: Paging;
}

export interface BatchesView {
  kind: 'batches';
  /** Set when the list is paged, so "Show more" can find it again. */
  flowId?: string;
  title: string;
  batches: Table;
  paging: Paging;
}

export interface StatusView {
  kind: 'status';
  title: string;
  facts: Fact[];
}

export interface SettingsView {
  kind: 'settings';
  title: string;
  settings: Array<{ key: string; label: string; value: boolean; description: string }>;
  editable: boolean;
}

export interface AlertView {
  kind: 'alert';
  title: string;
  text: string;
  tone: 'info' | 'success' | 'warning' | 'error';
  facts: Fact[];
}

export type CardView =
  | HelpView
  | NoticeView
  | PreviewView
  | ProgressView
  | ResultsView
  | RerunView
  | PaymentSyncView
  | BatchesView
  | StatusView
  | SettingsView
  | AlertView;
