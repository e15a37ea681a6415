/**
 * The plan of a run: every Manage record selected, the Sage documents it becomes (each with the DocumentKey
 * that finds it again in Sage), and the accounts and products to create on the way. Plain JSON, so the
 * journal stores it before anything is posted and `resume` can finish the run from it after a crash.
 */
import type { Minor } from '../money.ts';
import type {
  BatchTransaction,
  DocumentKey,
  InvoiceDocument,
  Journal,
  NewAccount,
  Product,
  PurchaseOrderDocument,
  StockAdjustment,
} from '../sage/ledger.ts';
import type { DetailLevel, Kind, Outcome, PlannedDocument, Requester, Settings } from './types.ts';

/** One write to the ledger. */
export type SageOperation =
  | { op: 'invoice'; doc: InvoiceDocument }
  | { op: 'transaction'; tx: BatchTransaction }
  | { op: 'journal'; journal: Journal }
  | { op: 'purchaseOrder'; po: PurchaseOrderDocument }
  | { op: 'stock'; adj: StockAdjustment };

/** A PlannedDocument ("SI 4600", "PO 102", "JD EXP-12"...) with the key that finds it in Sage and its write. */
export interface PlannedSageDocument extends PlannedDocument {
  key: DocumentKey;
  operation: SageOperation;
  /** Ids of every document under this key that Sage held when the plan was made (resume tells its own apart). */
  existing?: string[];
  /** Sage already held this very document (same account and amounts): it is not posted again unless forced. */
  alreadyInSage?: boolean;
}

/** An account or product created in Sage when missing (the check happens again just before posting). */
export type Creation =
  | { kind: 'customer'; account: NewAccount }
  /** `mustExist`: a member's supplier, which the guide says is never created automatically. */
  | { kind: 'supplier'; account: NewAccount; mustExist?: boolean; who?: string }
  /** A product, created when missing; `spec` says how (checked only if Sage does not have it). */
  | { kind: 'product'; product: Product; spec?: ProductSpec };

/** What a missing product needs to be created: its Manage product type and Inventory / COGS accounts. */
export interface ProductSpec {
  typeXref?: string;
  inventory?: string;
  cogs?: string;
  /** How users name the record that needs it ("invoice 460"). */
  usedBy: string;
}

export interface PlannedRecord {
  /** The unposted record id users see (for an expense bill: its first expense). */
  manageId: number;
  /** Every unposted record id this record stands for (an expense bill groups several expenses). */
  recordIds: number[];
  /** What goes into the Manage batch's processedRecordIds once the record is in Sage. */
  processedRecordIds: number[];
  type: string;
  number: string;
  date: string;
  party: string;
  currency: string;
  net: Minor;
  tax: Minor;
  total: Minor;
  creations: Creation[];
  documents: PlannedSageDocument[];
  /** transfer = post it; skip = not transferred (non-reimbursable) and not put in the Manage batch either. */
  status: 'transfer' | 'skip';
  note?: string;
}

/** What identifies a run, in its plan and in the journal's index alike. */
export interface RunHeader {
  runId: string;
  mode: 'run' | 'rerun';
  batch: string;
  kind: Kind;
  user: Requester;
  startedAt: string;
}

export interface RunPlan extends RunHeader {
  settings: Settings;
  detail: DetailLevel;
  throughDate: string;
  location?: string;
  fingerprint: string;
  /** Rerun: post documents even when Sage already holds them. */
  force?: boolean;
  /** Rerun: the existing Manage batch (no new batch is created). */
  manageBatchId?: number;
  records: PlannedRecord[];
}

/** Progress written to the journal as the run goes (append-only). */
export type JournalEvent =
  /** These documents (`<manageId>:<label>`) are about to be posted: durable before any of them reaches Sage. */
  | { t: 'intent'; docs: string[] }
  | { t: 'created'; ref: string; existed: boolean }
  | { t: 'posted'; label: string; manageId: number; sageId: string; found: boolean }
  | { t: 'skipped'; label: string; manageId: number; reason: string }
  | { t: 'failed'; manageId: number; label?: string; code: string; message: string; fix?: string }
  | { t: 'batching'; processedRecordIds: number[] }
  | { t: 'batched'; manageBatchId: number }
  | { t: 'batch-failed'; code: string; message: string }
  | { t: 'done'; outcome: Outcome };
