/**
 * The bot's own state, as ports: what a conversation flow remembers between clicks (server-side, so a card
 * carries nothing but its flow id), where alerts go, and a short history for `status`. Implementations live in
 * storage/ (flows.ts, alert-channels.ts, bot-history.ts); tests use the same real files in a temp folder.
 */

import type {
  BatchSummary,
  DetailLevel,
  ExportEngine,
  Kind,
  PaymentSync,
  PaymentSyncResult,
  Preview,
  RerunPlan,
  RunResult,
} from '../core/export/types.ts';
import type { Conversation, MessageRef, OutgoingMessage, Platform } from './events.ts';

/** Who did something, as stored (never taken from card data). */
export interface ActorRef {
  platform: Platform;
  id: string;
  name: string;
  aadObjectId?: string;
  upn?: string;
}

/** Flow ids arrive in untrusted card data: only plain ids are ids (never a path, never huge). */
export function isFlowId(id: unknown): id is string {
  return typeof id === 'string' && /^[A-Za-z0-9_-]{6,64}$/.test(id);
}

export type FlowType = 'preview' | 'rerun' | 'sync' | 'batches';

/**
 * Preview flows: ready | blocked | stale | empty -> (rechecking) -> checking -> posting -> done | failed, or
 * posting -> stale | blocked | empty when the engine's run found the approved preview stale (nothing posted; the
 * card shows the fresh preview and why); any state before `posting` may become `cancelled`. Rerun: ready -> posting -> done | failed | cancelled.
 * Sync: posting -> done | failed. Batches lists: done.
 */
export type FlowState =
  | 'ready'
  | 'blocked'
  | 'stale'
  | 'empty'
  | 'rechecking'
  | 'checking'
  | 'posting'
  | 'done'
  | 'failed'
  | 'cancelled';

export interface FlowOptions {
  throughDate?: string;
  location?: string;
  detail?: DetailLevel;
  /** Payment sync: the since option and the date it resolved to. */
  since?: string;
  sinceDate?: string;
  /** Rerun: post again even documents already in Sage. */
  force?: boolean;
  /** Preview: numbers (as the card shows them) to take only / to leave out. */
  includeNumbers?: string[];
  excludeNumbers?: string[];
}

/** One Sage company as the bot sees it (the composition root builds them from the configuration). */
export interface BotCompany {
  id: string;
  name: string;
  aliases: string[];
  isDefault: boolean;
  /** Its Manage locations (ids or names); absent on a default that takes every unlisted location. */
  locations?: Array<number | string>;
  baseCurrency?: string;
  engine: ExportEngine;
  paymentSync: PaymentSync;
}

/** Several Sage companies: the company a flow is for, and how it was chosen (the card says so). */
export interface FlowCompany {
  id: string;
  name: string;
  how: 'named' | 'default' | 'location' | 'schedule';
  /** With `default`: how to pick the others, e.g. '"for Irish" (Northwind Ireland Ltd)'. */
  others?: string;
}

/** One conversation flow. Small: the big payload (preview, results) is stored beside it. */
export interface FlowRecord {
  id: string;
  type: FlowType;
  state: FlowState;
  conversation: Conversation;
  requester: ActorRef;
  kind?: Kind;
  /** Several Sage companies: the one this flow previews, posts or syncs (absent = the only one). */
  company?: FlowCompany;
  options: FlowOptions;
  /** The preview's fingerprint the user is looking at. */
  fingerprint?: string;
  /** Batch id as shown in the input (suggested, or what the user last typed). */
  batchId?: string;
  batchIdError?: string;
  /** Whether `batchId` is still the engine's suggestion (so a re-check may replace it). */
  batchIdSuggested?: boolean;
  staleChanges?: string[];
  note?: string;
  messageRef?: MessageRef;
  /** Preview: the numbers ticked on the card since the last check (Select all / none), until Re-check. */
  selection?: string[];
  /** Preview: set when a newer preview of the same kind in this conversation took its place. */
  replacedBy?: string;
  approvedBy?: ActorRef;
  approvedAt?: string;
  cancelledBy?: ActorRef;
  error?: string;
  /** Preview: the schedule that made it (bot/preview-schedules.ts), or the command-line request it answers. */
  scheduleId?: string;
  requestId?: string;
  /** Download links of a finished run (error list, full log). */
  links?: Array<{ title: string; url: string }>;
  createdAt: string;
  updatedAt: string;
}

/** What a flow shows; written whenever a preview, plan or result is (re)computed. */
export interface FlowPayload {
  preview?: Preview;
  plan?: RerunPlan;
  result?: RunResult;
  sync?: PaymentSyncResult;
  batches?: BatchSummary[];
}

export type TransitionResult = { ok: true; flow: FlowRecord } | { ok: false; flow: FlowRecord | undefined };

export interface FlowStore {
  create(flow: FlowRecord): Promise<void>;
  /** undefined for unknown or malformed ids (ids arrive from untrusted card data). */
  get(id: string): Promise<FlowRecord | undefined>;
  /** Apply a patch whatever the state; undefined when the flow does not exist. */
  patch(id: string, patch: Partial<FlowRecord>): Promise<FlowRecord | undefined>;
  /** Atomic compare-and-set: only when the current state is one of `from`. */
  transition(
    id: string,
    from: readonly FlowState[],
    to: FlowState,
    patch?: Partial<FlowRecord>,
  ): Promise<TransitionResult>;
  /** Newest first. */
  list(filter?: { conversationKey?: string; states?: readonly FlowState[]; type?: FlowType }): Promise<FlowRecord[]>;
  savePayload(id: string, payload: FlowPayload): Promise<void>;
  loadPayload(id: string): Promise<FlowPayload>;
}

export interface AlertChannel {
  conversation: Conversation;
  registeredBy: ActorRef;
  registeredAt: string;
}

export interface AlertChannelStore {
  /** Returns false when the conversation was already registered. */
  add(conversation: Conversation, by: ActorRef): Promise<boolean>;
  /** Returns false when it was not registered. */
  remove(conversationKey: string): Promise<boolean>;
  list(): Promise<AlertChannel[]>;
}

export interface RunHistoryEntry {
  flowId?: string;
  batch: string;
  kind: Kind;
  outcome: RunResult['outcome'];
  posted: number;
  failed: number;
  by: string;
  finishedAt: string;
  rerun?: boolean;
}

export interface SyncHistoryEntry {
  since: string;
  updated: number;
  problems: number;
  by: string;
  finishedAt: string;
  ok: boolean;
  error?: string;
}

export interface BotHistoryStore {
  recordRun(entry: RunHistoryEntry): Promise<void>;
  recordSync(entry: SyncHistoryEntry): Promise<void>;
  read(): Promise<{ runs: RunHistoryEntry[]; syncs: SyncHistoryEntry[] }>;
}

/**
 * Which download links were handed out, by the sha256 of their token only (never the token): so a link made
 * before a restart is answered "expired" rather than "not valid". Synchronous: links are made while a card is
 * rendered. Implementation: storage/download-registry.ts.
 */
export interface DownloadRegistry {
  /** Token hashes handed out by earlier processes on this data folder, with when each would have expired. */
  earlier(): Map<string, number>;
  /** Record a link of this process. */
  remember(tokenHash: string, expiresAt: number): void;
}

/**
 * A preview on a schedule: at each `cron` (croner, in the configured time zone) the bot previews `kind` through
 * that day and posts the card to `conversation` for an approver. One per kind and company (`id` says which);
 * `company` stays absent while there is only one Sage company (SAGEBOT_COMPANIES unset).
 */
export interface PreviewSchedule {
  id: string;
  kind: Kind;
  company?: string;
  cron: string;
  /** How it was asked for, for lists: "every weekday at 08:00". */
  description: string;
  conversation: Conversation;
  location?: string;
  detail?: DetailLevel;
  /** The through-date as said ("yesterday", "end of last month"), read again at each firing; none: that day. */
  through?: string;
  createdBy: ActorRef;
  createdAt: string;
}

export interface PreviewScheduleStore {
  /** Add, or replace the schedule with the same id; returns the one replaced. */
  put(schedule: PreviewSchedule): Promise<PreviewSchedule | undefined>;
  /** Remove these ids; returns the ones that were there. */
  remove(ids: readonly string[]): Promise<PreviewSchedule[]>;
  list(): Promise<PreviewSchedule[]>;
}

export type PreviewRequestStatus = 'waiting' | 'taken' | 'sent' | 'empty' | 'failed' | 'expired' | 'withdrawn';

/**
 * `sagebot request`: a preview the command line asks the running bot to prepare and post to `to` for approval
 * (the CLI has no chat connection of its own). The bot claims it (waiting -> taken) and answers on the record.
 */
export interface PreviewRequest {
  id: string;
  kind: Kind;
  /** Several Sage companies: the company asked for (`sagebot --company`), by id; absent = the default. */
  company?: string;
  options: FlowOptions;
  requester: ActorRef;
  to: Conversation;
  requestedAt: string;
  status: PreviewRequestStatus;
  answeredAt?: string;
  flowId?: string;
  /** What the card shows, in a line for the terminal (counts, totals with their currency, batch number). */
  summary?: string;
  error?: string;
}

export interface PreviewRequestInbox {
  submit(request: Omit<PreviewRequest, 'status'>): Promise<void>;
  get(id: string): Promise<PreviewRequest | undefined>;
  /** Oldest first. */
  waiting(): Promise<PreviewRequest[]>;
  /** Compare-and-set of the status: the request when it was in `from`, else undefined. */
  move(
    id: string,
    from: readonly PreviewRequestStatus[],
    to: PreviewRequestStatus,
    patch?: Partial<PreviewRequest>,
  ): Promise<PreviewRequest | undefined>;
}

/**
 * An alert a command-line run, payment sync or reconciliation leaves for the running bot, which alone can reach
 * the chats registered with "alerts here": the same message chat would have sent.
 */
export interface QueuedAlert {
  id: string;
  message: OutgoingMessage;
  /** What it is about, for the log: "run 20261202JD-I". */
  about: string;
  queuedAt: string;
}

export interface AlertOutbox {
  submit(alert: QueuedAlert): Promise<void>;
  /** Every queued alert, oldest first, each handed out once (removed in the same step). */
  takeAll(): Promise<QueuedAlert[]>;
}
