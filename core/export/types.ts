/**
 * The export engine's public contract: what the bot, the CLI and the web chat call. Everything here is
 * platform-neutral data (money in integer minor units, dates YYYY-MM-DD) so it can be rendered anywhere.
 * Implementation: core/export/engine.ts (`createExportEngine`), core/payments/sync.ts (`createPaymentSync`).
 */
import type { Minor } from '../money.ts';
import type { Kind } from '../record-kind.ts';

export type { Kind };
export type DetailLevel = 'Default' | 'Condensed' | 'Detailed';
/** `stale`: the approved preview no longer matched the unposted set, so nothing was posted (see `RunResult.stale`). */
export type Outcome = 'completed' | 'partial' | 'failed' | 'stale';

/** The way in a request came: recorded with each run so a stale preview can say who took its records, and how. */
export type Door = 'cli' | 'teams' | 'slack' | 'webchat' | 'schedule';

/** Who asks: recorded in journals and the audit log, and used for batch initials. */
export interface Requester {
  id: string;
  name: string;
  door?: Door;
}

export interface PreviewOptions {
  throughDate?: string;
  /** A Manage location name (case-insensitive) or id. */
  location?: string;
  detail?: DetailLevel;
  /** Manage unposted record ids to include only / to exclude. */
  include?: number[];
  exclude?: number[];
  /** Numbers as the preview shows them (invoice 460, EXP2007, PO 102, ADJ-7) to include only / to leave out. */
  includeNumbers?: string[];
  excludeNumbers?: string[];
  user?: Requester;
}

/** A transaction left out of a batch by number (shown on the preview so nobody wonders where it went). */
export interface LeftOutRow {
  manageId?: number;
  /** The unposted record ids behind the row, so a run can resolve the same numbers against the approved preview. */
  recordIds?: number[];
  number: string;
  type: string;
  party: string;
  currency: string;
  total: Minor;
  status: 'transfer' | 'skip' | 'problem';
}

export interface Totals {
  count: number;
  net: Minor;
  tax: Minor;
  total: Minor;
}

/** A Sage document a Manage record will become (or became). `label` like "SI 4600", "SC 4601", "PO 102". */
export interface PlannedDocument {
  /** "SI 4600", "SC 4601", "PI EXP-12", "PO 102", "AI ADJ-7", "JD EXP-12". */
  label: string;
  /** Sage document type as users read it: SI, SC, PI, PC, JD, PO, AI, AO. */
  type: string;
  account: string;
  currency: string;
  net: Minor;
  tax: Minor;
}

export interface PreviewTransaction {
  manageId: number;
  /** Every unposted record id this row stands for (an expense bill groups several expenses); for --exclude. */
  recordIds?: number[];
  /** Manage type: Standard, Agreement, Miscellaneous, DownPayment, CreditMemo, Progress; Expense; Purchase, Adjustment, Transfer. */
  type: string;
  /** Invoice number, expense id, PO number... as the user knows it. */
  number: string;
  date: string;
  /** Company / member / vendor name. */
  party: string;
  currency: string;
  net: Minor;
  tax: Minor;
  total: Minor;
  documents: PlannedDocument[];
  /** 'transfer' = will post; 'skip' = listed but not transferred (e.g. non-reimbursable); 'problem' = blocks the batch. */
  status: 'transfer' | 'skip' | 'problem';
  note?: string;
  /** The line text of its Sage documents at the chosen detail level (first lines only). */
  lines?: string[];
}

export interface Problem {
  manageId?: number;
  /** What the problem is about, e.g. "Company ACME Ltd", "GL account 1100", "Invoice 460". */
  record: string;
  code: string;
  message: string;
  fix: string;
  /**
   * 'record': only the record `manageId` is held back (its figures disagree with Manage, its date is locked in
   * Sage); the rest of the batch can post. Absent: the problem blocks the whole batch.
   */
  blocks?: 'record';
}

export interface ImpactRow {
  key: string; // nominal code or tax code
  name?: string;
  net: Minor;
  tax: Minor;
}

export interface Preview {
  kind: Kind;
  throughDate: string;
  location?: string;
  detail: DetailLevel;
  generatedAt: string; // ISO timestamp
  /** Hash of the selected unposted set; approval re-checks it to spot a stale preview. */
  fingerprint: string;
  transactions: PreviewTransaction[];
  totalsByType: Record<string, Totals>;
  /** Per currency code, in that currency's minor units. */
  totalsByCurrency: Record<string, Totals>;
  nominalImpact: ImpactRow[];
  taxImpact: ImpactRow[];
  /** Account codes (and product codes) Sage will create; `names`: the name each new account will carry. */
  creations: { customers: string[]; suppliers: string[]; products: string[]; names?: Record<string, string> };
  problems: Problem[];
  suggestedBatchId: string;
  /** Transactions left out by number (includeNumbers / excludeNumbers). */
  leftOut?: LeftOutRow[];
  /** Locations that have unposted transactions of this kind through the date (for choosing one). */
  locations?: string[];
  /** The Sage company's base currency: nominal and tax impact are in it. */
  baseCurrency?: string;
  /** Foreign currency -> the rates (foreign units per base unit) its documents were converted at. */
  exchangeRates?: Record<string, number[]>;
}

/** What an approver saw: the preview's fingerprint and rows (a whole Preview will do). */
export interface ApprovedPreview {
  fingerprint: string;
  transactions: Array<
    Pick<PreviewTransaction, 'manageId' | 'recordIds' | 'type' | 'number' | 'party' | 'currency' | 'total' | 'status'>
  >;
  leftOut?: LeftOutRow[];
  generatedAt?: string;
}

export interface RunOptions extends PreviewOptions {
  batchId: string;
  user: Requester;
  /**
   * When given, a run whose unposted set no longer matches posts nothing and returns outcome `stale`. Defaults to
   * `approved.fingerprint`.
   */
  expectedFingerprint?: string;
  /**
   * The preview that was approved: its rows let a stale outcome say what changed, and numbers chosen on it
   * (includeNumbers / excludeNumbers) are resolved against it instead of against a second preview.
   */
  approved?: ApprovedPreview;
  onProgress?: (p: Progress) => void;
}

/** A record as a stale outcome names it (amount in its own currency's minor units). */
export interface StaleRow {
  manageId: number;
  type: string;
  number: string;
  party: string;
  currency: string;
  total: Minor;
}

/** Records of the approved preview that another batch took, from the engine's journal of runs. */
export interface StaleTaken {
  batch: string;
  manageBatchId?: number;
  door?: Door;
  by: string;
  at: string;
  records: StaleRow[];
}

/** Why an approved preview went stale, and the preview of the unposted set as it is now. */
export interface StaleReport {
  approvedFingerprint: string;
  fingerprint: string;
  /** False when the run was given only a fingerprint: then the rows below are empty and only the fact is known. */
  explained: boolean;
  taken: StaleTaken[];
  /** No longer unposted in Manage, and no batch in the journal took them. */
  gone: StaleRow[];
  added: StaleRow[];
  changed: Array<StaleRow & { was: Minor; wasCurrency: string }>;
  /** Plain sentences saying the above, every amount with its currency (for the CLI, cards and logs). */
  lines: string[];
  /** The fresh preview, built from the same reads of Manage and Sage (approve this one instead). */
  preview: Preview;
}

export interface Progress {
  phase: 'validating' | 'posting' | 'batching' | 'done';
  done: number;
  total: number;
  current?: string;
}

export interface PostedRecord {
  manageId: number;
  number: string;
  sage: string[];
}

export interface FailedRecord {
  manageId: number;
  number: string;
  code: string;
  message: string;
  fix?: string;
}

/** Count and money of a set of Sage documents, in one currency's minor units. */
export interface ReconcileFigures {
  count: number;
  net: Minor;
  tax: Minor;
  gross: Minor;
}

/** One document type in one currency: what the batch sent against what Sage holds. */
export interface ReconcileRow {
  /** SI, SC, PI, PC, JD, PO, AI, AO. */
  type: string;
  currency: string;
  manage: ReconcileFigures;
  sage: ReconcileFigures;
}

/** A document Sage does not hold as the batch sent it, with what to do about it. */
export interface ReconcileDifference {
  /** "SI 4600". */
  label: string;
  /** The Manage record it came from: "Invoice 460". */
  record: string;
  /** missing: not in Sage; different: other amounts, account or currency; duplicate: in Sage more than once. */
  issue: 'missing' | 'different' | 'duplicate';
  currency: string;
  manage: ReconcileFigures;
  sage: ReconcileFigures;
  message: string;
  fix: string;
}

/**
 * The batch's documents read back from Sage and compared with what the batch sent, per document type and
 * currency, to the penny. `checked` is false when Sage could not be read (`note` says why).
 */
export interface Reconciliation {
  batch: string;
  checked: boolean;
  reconciled: boolean;
  checkedAt: string;
  /** Documents compared. */
  documents: number;
  rows: ReconcileRow[];
  differences: ReconcileDifference[];
  note?: string;
}

export interface RunResult {
  runId: string;
  batch: string;
  kind: Kind;
  outcome: Outcome;
  manageBatchId?: number;
  posted: PostedRecord[];
  /** Already in Sage (resume / rerun without --force) or not transferable (non-reimbursable). */
  skipped: Array<PostedRecord & { reason: string }>;
  failed: FailedRecord[];
  problems: Problem[];
  /** Posted records per currency code, in that currency's minor units (never added across currencies). */
  totalsByCurrency: Record<string, Totals>;
  /**
   * What this run posted now (not what Sage held already), per record type ("Invoice", "Purchase", "Adjustment",
   * "Transfer"…) and then per currency: inventory moves unlike things, which are totalled apart, never added.
   */
  postedByType?: Record<string, Record<string, Totals>>;
  /** The records skipped because Sage already held them, per currency (in the totals above, not posted now). */
  alreadyByCurrency?: Record<string, Totals>;
  /** Posted records in the base currency: foreign ones converted at their document's rate, as Sage does. */
  totals: Totals;
  startedAt: string;
  finishedAt: string;
  /** Outcome `stale`: what changed since the approved preview, and the fresh preview. */
  stale?: StaleReport;
  /** Files written for this run: the error list and the full log. */
  errorListPath?: string;
  logPath?: string;
  /** The batch read back from Sage after posting (absent when nothing of it is in Sage). */
  reconciliation?: Reconciliation;
}

export interface RerunDocument {
  manageId: number;
  number: string;
  sage: string[];
  alreadyInSage: boolean;
}

export interface RerunPlan {
  batch: string;
  kind: Kind;
  manageBatchId: number;
  documents: RerunDocument[];
  warning: string;
}

export interface BatchSummary {
  id: number;
  batch: string;
  kinds: Kind[];
  closed: boolean;
  /** From sagebot's own journal when it ran the batch. */
  ranBy?: string;
  ranAt?: string;
  outcome?: Outcome;
  count?: number;
}

/** The run currently holding the per-company lock. */
export interface ActiveRun {
  runId: string;
  batch: string;
  kind: Kind;
  user: Requester;
  since: string;
}

export interface Settings {
  splitInvoicing: boolean; // default true
  serviceInvoicing: boolean; // default false
  expensesAsJournal: boolean; // default false
}

export interface ExportEngine {
  preview(kind: Kind, opts: PreviewOptions): Promise<Preview>;
  /** Throws SagebotError EXPORT_BAD_BATCH_ID / EXPORT_BATCH_EXISTS with a clear message. */
  checkBatchId(batchId: string): Promise<void>;
  run(kind: Kind, opts: RunOptions): Promise<RunResult>;
  rerunPlan(batchId: string): Promise<RerunPlan>;
  rerun(
    batchId: string,
    opts: { force?: boolean; user: Requester; onProgress?: (p: Progress) => void },
  ): Promise<RunResult>;
  /** Finish every interrupted run found in the journal; [] when there is none. */
  resume(opts?: { onProgress?: (p: Progress) => void }): Promise<RunResult[]>;
  listBatches(): Promise<BatchSummary[]>;
  deleteBatch(batchId: string, opts: { user: Requester }): Promise<{ batch: string; sageDocuments: string[] }>;
  /** Read an earlier batch back from Sage and compare it with what the batch sent (read-only). */
  reconcile(batchId: string, opts: { user: Requester }): Promise<Reconciliation>;
  activeRun(): Promise<ActiveRun | undefined>;
  getSettings(): Promise<Settings>;
  updateSettings(change: Partial<Settings>, opts: { user: Requester }): Promise<Settings>;
}

export type SinceOption = 'last' | 'week' | '2weeks' | 'month' | string;

export interface PaymentUpdate {
  invoiceNumber: string;
  manageInvoiceId: number;
  previousPaid: Minor;
  paid: Minor;
  total: Minor;
  currency: string;
  fullyPaid: boolean;
  datePaid?: string;
}

export interface PaymentSyncResult {
  since: string;
  checked: number;
  updated: PaymentUpdate[];
  unchanged: number;
  problems: Problem[];
  manageWrites: number;
  startedAt: string;
  finishedAt: string;
  /** False when a write failed (the last-run date then stays put). */
  succeeded?: boolean;
  /** Plain sentences for the user, e.g. "No earlier run: synced since the same day last month." */
  notes?: string[];
}

export interface PaymentSync {
  sync(opts: { since: SinceOption; user: Requester; onProgress?: (p: Progress) => void }): Promise<PaymentSyncResult>;
  /** The start date the option resolves to (YYYY-MM-DD), for showing before running. */
  resolveSince(since: SinceOption, user: Requester): Promise<string>;
}
