/**
 * In-memory fakes implementing the real contracts (ExportEngine, PaymentSync, Messenger, Replier) for the
 * bot's flow tests. The real engine is tested in test/export; adapters' e2e tests use it too.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBotStores } from '../../adapters/app/stores.ts';
import type {
  ActionEvent,
  Actor,
  Conversation,
  MessageEvent,
  MessageRef,
  Messenger,
  OutgoingMessage,
  Replier,
} from '../../bot/events.ts';
import { type BotDeps, createBot } from '../../bot/index.ts';
import { dataFolder } from '../../core/data-folder.ts';
import { SagebotError } from '../../core/errors.ts';
import {
  assertBatchIdFormat,
  batchExistsError,
  conventionalBatchId,
  nextFreeBatchId,
} from '../../core/export/batch-id.ts';
import { missingRows, staleReport, staleRow } from '../../core/export/stale.ts';
import type {
  ActiveRun,
  BatchSummary,
  Door,
  ExportEngine,
  Kind,
  PaymentSync,
  PaymentSyncResult,
  Preview,
  PreviewOptions,
  PreviewTransaction,
  Problem,
  Progress,
  Reconciliation,
  RerunPlan,
  RunOptions,
  RunResult,
  Settings,
  StaleTaken,
} from '../../core/export/types.ts';
import { silentLogger } from '../../core/logger.ts';
import { openAuditLog } from '../../storage/audit-log.ts';

export function deferred<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export function tx(manageId: number, overrides: Partial<PreviewTransaction> = {}): PreviewTransaction {
  return {
    manageId,
    type: 'Standard',
    number: String(400 + manageId),
    date: '2026-11-20',
    party: `Customer ${manageId}`,
    currency: 'GBP',
    net: 10000,
    tax: 2000,
    total: 12000,
    documents: [
      { label: `SI ${400 + manageId}0`, type: 'SI', account: `C${manageId}`, currency: 'GBP', net: 10000, tax: 2000 },
    ],
    status: 'transfer',
    ...overrides,
  };
}

export class FakeEngine implements ExportEngine {
  data: Record<Kind, PreviewTransaction[]> = {
    invoices: [tx(1), tx(2), tx(3)],
    expenses: [tx(11, { type: 'Expense' })],
    inventory: [tx(21, { type: 'Purchase' }), tx(22, { type: 'Purchase' })],
  };
  problems: Record<Kind, Problem[]> = { invoices: [], expenses: [], inventory: [] };
  existingBatches = new Set<string>(['EXISTING-1']);
  runs: Array<{ kind: Kind; opts: RunOptions }> = [];
  reruns: Array<{ batchId: string; force?: boolean }> = [];
  previews: Array<{ kind: Kind; opts: PreviewOptions }> = [];
  /** When set, run() waits for it after the first progress event (to test clicks during posting). */
  gate?: Promise<void>;
  runStarted = deferred();
  runError?: unknown;
  previewDelayMs = 0;
  /** When set, preview() waits for it (a check that outlives a click's deadline, deterministically). */
  previewGate?: Promise<void>;
  active?: ActiveRun;
  settings: Settings = { splitInvoicing: true, serviceInvoicing: false, expensesAsJournal: false };
  batches: BatchSummary[] = [];

  fingerprint(kind: Kind): string {
    return `${kind}:${this.data[kind].map((t) => `${t.manageId}/${t.total}/${t.status}`).join(',')}:${this.problems[kind].length}`;
  }

  /** Which batch took which records, from which door and by whom (the real engine reads this from its journal). */
  takers: Array<{ batch: string; door?: Door; by: string; at: string; manageIds: Set<number> }> = [];

  async preview(kind: Kind, opts: PreviewOptions): Promise<Preview> {
    this.previews.push({ kind, opts });
    if (this.previewDelayMs) await new Promise((r) => setTimeout(r, this.previewDelayMs));
    if (this.previewGate) await this.previewGate;
    return this.previewNow(kind, opts);
  }

  private previewNow(kind: Kind, opts: PreviewOptions): Preview {
    if (opts.location === 'Nowhere')
      throw new SagebotError({
        code: 'EXPORT_UNKNOWN_LOCATION',
        message: 'There is no Manage location "Nowhere".',
        fix: 'Use one of: London, Leeds.',
      });
    const transactions = this.data[kind].map((t) => ({ ...t }));
    const sum = (f: 'net' | 'tax' | 'total') => transactions.reduce((a, t) => a + t[f], 0);
    const totals = { count: transactions.length, net: sum('net'), tax: sum('tax'), total: sum('total') };
    return {
      kind,
      throughDate: opts.throughDate ?? '2026-11-29',
      location: opts.location,
      detail: opts.detail ?? 'Default',
      generatedAt: new Date().toISOString(),
      fingerprint: this.fingerprint(kind),
      transactions,
      totalsByType: { Standard: totals },
      totalsByCurrency: { GBP: totals },
      nominalImpact: [{ key: '4000', name: 'Sales', net: totals.net, tax: 0 }],
      taxImpact: [{ key: 'T1', name: 'Standard 20%', net: totals.net, tax: totals.tax }],
      creations: { customers: ['ACME Ltd'], suppliers: [], products: [] },
      problems: this.problems[kind].map((p) => ({ ...p })),
      suggestedBatchId: conventionalBatchId('2026-11-29', 'John Doe', kind),
    };
  }

  async checkBatchId(batchId: string): Promise<void> {
    assertBatchIdFormat(batchId);
    if (this.existingBatches.has(batchId))
      throw batchExistsError(batchId, nextFreeBatchId(batchId, this.existingBatches));
  }

  async run(kind: Kind, opts: RunOptions): Promise<RunResult> {
    this.runs.push({ kind, opts });
    if (this.runError) throw this.runError;
    const startedAt = new Date().toISOString();
    const expected = opts.expectedFingerprint ?? opts.approved?.fingerprint;
    if (expected && expected !== this.fingerprint(kind)) return this.staleResult(kind, opts, expected, startedAt);
    this.active = { runId: `run-${this.runs.length}`, batch: opts.batchId, kind, user: opts.user, since: startedAt };
    try {
      const only = opts.include?.length ? new Set(opts.include) : undefined;
      const items = this.data[kind].filter((t) => t.status === 'transfer' && (!only || only.has(t.manageId)));
      opts.onProgress?.({ phase: 'validating', done: 0, total: items.length });
      this.runStarted.resolve();
      if (this.gate) await this.gate;
      items.forEach((t, i) =>
        opts.onProgress?.({ phase: 'posting', done: i + 1, total: items.length, current: t.number }),
      );
      opts.onProgress?.({ phase: 'done', done: items.length, total: items.length });
      this.existingBatches.add(opts.batchId);
      this.data[kind] = this.data[kind].filter((t) => !items.includes(t));
      this.takers.push({
        batch: opts.batchId,
        ...(opts.user.door ? { door: opts.user.door } : {}),
        by: opts.user.name,
        at: startedAt,
        manageIds: new Set(items.map((t) => t.manageId)),
      });
      this.batches.push({
        id: this.batches.length + 1,
        batch: opts.batchId,
        kinds: [kind],
        closed: true,
        ranBy: opts.user.name,
        ranAt: startedAt,
        outcome: 'completed',
        count: items.length,
      });
      return result(kind, opts.batchId, items, startedAt, `run-${this.runs.length}`);
    } finally {
      this.active = undefined;
    }
  }

  /** Posts nothing; says what changed, as the real engine does (core/export/stale.ts builds the same report). */
  private staleResult(kind: Kind, opts: RunOptions, expected: string, startedAt: string): RunResult {
    const fresh = { ...this.previewNow(kind, opts), suggestedBatchId: opts.batchId };
    const missing = missingRows(opts.approved, fresh);
    const taken: StaleTaken[] = [];
    for (const t of [...this.takers].reverse()) {
      const records = missing.filter((m) => t.manageIds.has(m.manageId)).map(staleRow);
      if (records.length)
        taken.push({ batch: t.batch, ...(t.door ? { door: t.door } : {}), by: t.by, at: t.at, records });
    }
    const stale = staleReport(opts.approved, expected, fresh, taken);
    return {
      ...result(kind, opts.batchId, [], startedAt, `run-${this.runs.length}`),
      outcome: 'stale',
      manageBatchId: undefined,
      problems: [
        {
          record: 'Preview',
          code: 'EXPORT_STALE_PREVIEW',
          message: `The unposted ${kind} changed since the preview was approved, so nothing was posted. ${stale.lines.join(' ')}`,
          fix: 'Check what changed, then approve the fresh preview.',
        },
      ],
      stale,
    };
  }

  async rerunPlan(batchId: string): Promise<RerunPlan> {
    // DONE-1: the same batch with every document in Sage already (a plain rerun would post nothing).
    if (batchId !== 'OLD-1' && batchId !== 'DONE-1')
      throw new SagebotError({
        code: 'EXPORT_BATCH_NOT_FOUND',
        message: `There is no batch ${batchId} in Manage.`,
        fix: 'Say "batches" to list them.',
      });
    return {
      batch: batchId,
      kind: 'invoices',
      manageBatchId: 7,
      warning: `Batch ${batchId} was posted before.`,
      documents: [
        { manageId: 1, number: '401', sage: ['SI 4010'], alreadyInSage: true },
        { manageId: 2, number: '402', sage: ['SI 4020'], alreadyInSage: batchId === 'DONE-1' },
      ],
    };
  }

  async rerun(
    batchId: string,
    opts: { force?: boolean; user: { id: string; name: string }; onProgress?: (p: Progress) => void },
  ): Promise<RunResult> {
    this.reruns.push({ batchId, force: opts.force });
    opts.onProgress?.({ phase: 'posting', done: 1, total: 1 });
    const items = opts.force ? [tx(1), tx(2)] : [tx(2)];
    const r = result('invoices', batchId, items, new Date().toISOString(), `rerun-${this.reruns.length}`);
    if (!opts.force) r.skipped = [{ manageId: 1, number: '401', sage: ['SI 4010'], reason: 'already in Sage' }];
    return r;
  }

  async resume(): Promise<RunResult[]> {
    return [];
  }

  async listBatches(): Promise<BatchSummary[]> {
    return this.batches;
  }

  async deleteBatch(batchId: string): Promise<{ batch: string; sageDocuments: string[] }> {
    return { batch: batchId, sageDocuments: [] };
  }

  /** Batches "reconcile" knows; OLD-1 is reconciled unless `sageMissing` lists some of its documents. */
  sageMissing: string[] = [];
  reconciles: Array<{ batchId: string; user: { id: string; name: string } }> = [];

  async reconcile(batchId: string, opts: { user: { id: string; name: string } }): Promise<Reconciliation> {
    this.reconciles.push({ batchId, user: opts.user });
    if (batchId !== 'OLD-1')
      throw new SagebotError({
        code: 'EXPORT_BATCH_UNKNOWN',
        message: `Manage has no batch "${batchId}".`,
        fix: 'Check the batch id against the list of batches ("batches" in chat, sagebot batches on the command line).',
      });
    return fakeReconciliation(batchId, this.sageMissing);
  }

  async activeRun(): Promise<ActiveRun | undefined> {
    return this.active;
  }

  async getSettings(): Promise<Settings> {
    return { ...this.settings };
  }

  async updateSettings(change: Partial<Settings>): Promise<Settings> {
    this.settings = { ...this.settings, ...change };
    return { ...this.settings };
  }
}

/** SI 4010 and SI 4020 of OLD-1 (GBP 120.00 each), those in `missing` gone from Sage. */
export function fakeReconciliation(batch: string, missing: string[] = []): Reconciliation {
  const sent = ['SI 4010', 'SI 4020'];
  const held = sent.filter((l) => !missing.includes(l)).length;
  const figures = (count: number) => ({ count, net: 10000 * count, tax: 2000 * count, gross: 12000 * count });
  return {
    batch,
    checked: true,
    reconciled: held === sent.length,
    checkedAt: '2026-11-30T10:00:00.000Z',
    documents: sent.length,
    rows: [{ type: 'SI', currency: 'GBP', manage: figures(2), sage: figures(held) }],
    differences: sent
      .filter((l) => missing.includes(l))
      .map((label) => ({
        label,
        record: `Invoice ${label.slice(3, 6)}`,
        issue: 'missing' as const,
        currency: 'GBP',
        manage: figures(1),
        sage: figures(0),
        message: `Sage is missing ${label} (GBP 120.00) of Invoice ${label.slice(3, 6)}, batch ${batch}.`,
        fix: `Restore ${label} in Sage, or post it again with "rerun ${batch}".`,
      })),
  };
}

function result(kind: Kind, batch: string, items: PreviewTransaction[], startedAt: string, runId: string): RunResult {
  const sum = (f: 'net' | 'tax' | 'total') => items.reduce((a, t) => a + t[f], 0);
  return {
    runId,
    batch,
    kind,
    outcome: 'completed',
    manageBatchId: 99,
    posted: items.map((t) => ({ manageId: t.manageId, number: t.number, sage: t.documents.map((d) => d.label) })),
    skipped: [],
    failed: [],
    problems: [],
    totals: { count: items.length, net: sum('net'), tax: sum('tax'), total: sum('total') },
    totalsByCurrency: { GBP: { count: items.length, net: sum('net'), tax: sum('tax'), total: sum('total') } },
    startedAt,
    finishedAt: new Date().toISOString(),
    errorListPath: `/tmp/${runId}-errors.csv`,
    logPath: `/tmp/${runId}.log`,
  };
}

export class FakePaymentSync implements PaymentSync {
  calls: Array<{ since: string; user: { id: string; name: string } }> = [];
  fail?: unknown;
  async resolveSince(since: string): Promise<string> {
    return { last: '2026-11-20', week: '2026-11-22', '2weeks': '2026-11-15', month: '2026-10-29' }[since] ?? since;
  }
  async sync(opts: {
    since: string;
    user: { id: string; name: string };
    onProgress?: (p: Progress) => void;
  }): Promise<PaymentSyncResult> {
    this.calls.push({ since: opts.since, user: opts.user });
    if (this.fail) throw this.fail;
    opts.onProgress?.({ phase: 'posting', done: 1, total: 2 });
    const now = new Date().toISOString();
    return {
      since: await this.resolveSince(opts.since),
      checked: 2,
      unchanged: 1,
      manageWrites: 1,
      startedAt: now,
      finishedAt: now,
      updated: [
        {
          invoiceNumber: '460',
          manageInvoiceId: 460,
          previousPaid: 0,
          paid: 15000,
          total: 115000,
          currency: 'GBP',
          fullyPaid: true,
          datePaid: '2026-11-25',
        },
      ],
      problems: [
        {
          record: 'Invoice 999',
          code: 'SYNC_NO_MANAGE_INVOICE',
          message: 'No Manage invoice 999.',
          fix: 'Check the invoice number.',
        },
      ],
    };
  }
}

export class RecordingMessenger implements Messenger {
  sent: Array<{ conversation: Conversation; message: OutgoingMessage; ref: MessageRef }> = [];
  updates: Array<{ ref: MessageRef; message: OutgoingMessage }> = [];
  private n = 0;
  async send(conversation: Conversation, message: OutgoingMessage): Promise<MessageRef> {
    const ref = { platform: conversation.platform, conversationKey: conversation.key, messageId: `sent-${++this.n}` };
    this.sent.push({ conversation, message, ref });
    return ref;
  }
  async update(ref: MessageRef, message: OutgoingMessage): Promise<void> {
    this.updates.push({ ref, message });
  }
  lastUpdate(messageId: string): OutgoingMessage | undefined {
    return this.updates.filter((u) => u.ref.messageId === messageId).at(-1)?.message;
  }
}

let replierSeq = 0;

export class RecordingReplier implements Replier {
  replies: Array<{ message: OutgoingMessage; ref: MessageRef }> = [];
  private n = 0;
  constructor(
    private conversationKey = 'webchat:room-1',
    private prefix = `reply${++replierSeq}`,
  ) {}
  async reply(message: OutgoingMessage): Promise<MessageRef> {
    const ref = {
      platform: 'webchat' as const,
      conversationKey: this.conversationKey,
      messageId: `${this.prefix}-${++this.n}`,
    };
    this.replies.push({ message, ref });
    return ref;
  }
  last(): { message: OutgoingMessage; ref: MessageRef } {
    const r = this.replies.at(-1);
    if (!r) throw new Error('no reply');
    return r;
  }
  /** The last reply that carries a card of `kind`. */
  card(kind: string) {
    const r = [...this.replies].reverse().find((x) => x.message.card?.kind === kind);
    if (!r)
      throw new Error(`no ${kind} card among ${this.replies.map((x) => x.message.card?.kind ?? 'text').join(', ')}`);
    return r;
  }
}

export const conversation = (id = 'room-1'): Conversation => ({
  platform: 'webchat',
  id,
  key: `webchat:${id}`,
  isChannel: true,
  name: id,
});
export const actor = (id: string, name = id, extra: Partial<Actor> = {}): Actor => ({
  platform: 'webchat',
  id,
  name,
  ...extra,
});

let seq = 0;
export function message(text: string, who: Actor, conv = conversation(), eventId = `m-${++seq}`): MessageEvent {
  return { type: 'message', eventId, text, actor: who, conversation: conv };
}
export function action(
  verb: string,
  data: Record<string, unknown>,
  who: Actor,
  conv = conversation(),
  eventId = `a-${++seq}`,
  ref?: MessageRef,
): ActionEvent {
  return { type: 'action', eventId, verb, data, actor: who, conversation: conv, ...(ref ? { message: ref } : {}) };
}

/** Sunday 29 November 2026, 10:00 London, one second later at every call (so "newest" is well defined). */
export function tickingClock(start = '2026-11-29T10:00:00Z'): () => Date {
  let t = Date.parse(start);
  return () => new Date((t += 1000));
}

export function makeBot(
  overrides: Partial<BotDeps> & {
    approvers?: string[];
    operators?: string[];
    fourEyes?: boolean;
    people?: string[][];
    cron?: string;
  } = {},
) {
  const dataDir = mkdtempSync(join(tmpdir(), 'sagebot-bot-'));
  const engine = (overrides.engine as FakeEngine | undefined) ?? new FakeEngine();
  const paymentSync = (overrides.paymentSync as FakePaymentSync | undefined) ?? new FakePaymentSync();
  const messenger = (overrides.messenger as RecordingMessenger | undefined) ?? new RecordingMessenger();
  const audit = overrides.audit ?? openAuditLog(join(dataDir, 'audit.jsonl'));
  const now = overrides.now ?? tickingClock();
  const bot = createBot({
    engine,
    paymentSync,
    messenger,
    audit,
    logger: silentLogger(),
    downloadsBaseUrl: 'http://127.0.0.1:3978',
    progressIntervalMs: 50,
    now,
    stores: openBotStores(dataFolder(dataDir), now),
    ...overrides,
    config: {
      approvers: overrides.approvers ?? ['webchat:boss', 'webchat:second'],
      operators: overrides.operators,
      fourEyes: overrides.fourEyes ?? false,
      ...(overrides.people ? { people: overrides.people } : {}),
      timeZone: 'Europe/London',
      paymentSyncCron: overrides.cron,
    },
  });
  return { bot, engine, paymentSync, messenger, audit, dataDir };
}
