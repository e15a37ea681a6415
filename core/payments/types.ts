/**
 * Types of the payment sync (Sage -> Manage): what it depends on, the last-run state port it declares (the
 * store lives in storage/payment-sync-state.ts), and the report it returns (the contract's PaymentSyncResult
 * plus a few fields the command line and chat need). Platform-neutral: no storage or adapter imports.
 */
import type { AuditLog } from '../audit.ts';
import type { PaymentSync, PaymentSyncResult, Progress, Requester, SinceOption } from '../export/types.ts';
import type { Logger } from '../logger.ts';
import type { ManageApi } from '../manage/api.ts';
import type { SageLedger } from '../sage/ledger.ts';

/** One remembered successful run of one user on one machine. */
export interface LastPaymentSync {
  /** ISO timestamp of when the successful run started (changes made during it are picked up next time). */
  startedAt: string;
  /** The start date (YYYY-MM-DD) that run used. */
  since: string;
  finishedAt: string;
  manageWrites: number;
}

/** Remembers the last successful payment sync per user and machine ("Last Successful Run"). */
export interface PaymentSyncStateStore {
  lastRun(userId: string, machine: string): Promise<LastPaymentSync | undefined>;
  recordRun(userId: string, machine: string, run: LastPaymentSync): Promise<void>;
}

/** What `createPaymentSync` needs; the composition root (adapters/app/app.ts) wires it. */
export interface PaymentSyncDeps {
  manage: ManageApi;
  /** Opens the Sage company, runs `fn`, and closes it again (also when `fn` throws). */
  withLedger: <T>(fn: (l: SageLedger) => Promise<T>) => Promise<T>;
  state: PaymentSyncStateStore;
  audit: AuditLog;
  /** The app's module switches; only split invoicing matters here. */
  settings: () => Promise<{ splitInvoicing: boolean }>;
  /** IANA time zone in which "today", "past week"... are counted (Config.timeZone). */
  timeZone: string;
  now?: () => Date;
  /** Machine name for "last successful run"; default: os.hostname(). */
  machine?: string;
  logger: Logger;
  /** Manage requests in flight at once for the payment reads and writes (MANAGE_CONCURRENCY; default 4). */
  concurrency?: number;
}

/** How the start date was chosen. */
export interface SinceResolution {
  /** YYYY-MM-DD, inclusive. */
  date: string;
  /** The option as asked. */
  option: SinceOption;
  /** The option actually used: 'last' falls back to 'month' when there is no successful run yet. */
  used: 'last' | 'week' | '2weeks' | 'month' | 'date';
  /** Set when the option could not be used as asked (the fallback), in a user's words. */
  note?: string;
}

/** The result the sync returns: the contract's fields plus these (all in the documented --json output). */
export interface PaymentSyncReport extends PaymentSyncResult {
  /** The --since option as asked, and which one was used ('last' -> 'month' without a previous run). */
  sinceOption: SinceOption;
  sinceUsed: SinceResolution['used'];
  /** Remarks for the user, e.g. "No previous successful run on this machine; synced from the past month." */
  notes: string[];
  splitInvoicing: boolean;
  /** Sage documents whose payments changed since the start date. */
  sageDocuments: number;
  /** False when a Manage write failed: the last-run date is then not moved on. */
  succeeded: boolean;
}

export interface PaymentSyncOptions {
  since: SinceOption;
  user: Requester;
  onProgress?: (p: Progress) => void;
}

/** PaymentSync whose `sync` returns the fuller report. */
export interface PaymentSyncService extends PaymentSync {
  sync(opts: PaymentSyncOptions): Promise<PaymentSyncReport>;
  /** resolveSince with how it was resolved (fallback note). */
  explainSince(since: SinceOption, user: Requester): Promise<SinceResolution>;
}
