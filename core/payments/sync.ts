/**
 * Payment sync, Sage -> Manage (the guide's "Update Invoice Payments"): read the Sage sales documents whose
 * payments changed since the start date, find their Manage invoices in bulk, and write to Manage only the
 * difference between what Sage says is paid and what Manage holds, so a second run writes nothing.
 * Steps: resolve the start date -> read Sage (changes and the other halves of split pairs, one session) ->
 * one chunked Manage lookup -> match -> decide per invoice -> write the differences (write.ts: one payment per
 * invoice, updated) -> audit, remember the run.
 */
import { hostname } from 'node:os';
import type { AuditLog } from '../audit.ts';
import { isSagebotError } from '../errors.ts';
import type { Problem, Progress, Requester } from '../export/types.ts';
import type { Invoice } from '../manage/models.ts';
import { sumMinor } from '../money.ts';
import type { SageLedger } from '../sage/ledger.ts';
import { decide } from './amounts.ts';
import {
  type ChangedDocument,
  candidateNumbers,
  describeDocument,
  type SiblingInfo,
  siblingsToLookUp,
} from './documents.ts';
import { matchDocuments } from './match.ts';
import { resolveSinceOption } from './since.ts';
import type {
  PaymentSyncDeps,
  PaymentSyncOptions,
  PaymentSyncReport,
  PaymentSyncService,
  SinceResolution,
} from './types.ts';
import { type Write, writePayments } from './write.ts';

export type { PaymentSyncDeps, PaymentSyncStateStore } from './types.ts';

export function createPaymentSync(deps: PaymentSyncDeps): PaymentSyncService {
  const now = deps.now ?? (() => new Date());
  const machine = deps.machine ?? hostname();
  const explainSince = (since: PaymentSyncOptions['since'], user: Requester): Promise<SinceResolution> =>
    resolveSinceOption(since, {
      now: now(),
      timeZone: deps.timeZone,
      lastRun: () => deps.state.lastRun(user.id, machine),
    });
  return {
    explainSince,
    resolveSince: async (since, user) => (await explainSince(since, user)).date,
    sync: async (opts) => {
      const startedAt = now().toISOString();
      const since = await explainSince(opts.since, opts.user); // a bad option is a usage error: nothing to audit
      try {
        const report = await runSync(deps, opts, since, startedAt, now);
        if (report.succeeded) {
          await deps.state.recordRun(opts.user.id, machine, {
            startedAt,
            since: since.date,
            finishedAt: report.finishedAt,
            manageWrites: report.manageWrites,
          });
        }
        await audit(deps.audit, opts.user, report.succeeded ? 'completed' : 'failed', summary(report), machine);
        deps.logger.info({ ...summary(report), machine }, 'payment sync finished');
        return report;
      } catch (e) {
        const error = isSagebotError(e) ? { code: e.code, message: e.message } : { code: 'BUG', message: String(e) };
        await audit(deps.audit, opts.user, 'failed', { since: since.date, error }, machine).catch(() => undefined);
        throw e;
      }
    },
  };
}

async function runSync(
  deps: PaymentSyncDeps,
  opts: PaymentSyncOptions,
  since: SinceResolution,
  startedAt: string,
  now: () => Date,
): Promise<PaymentSyncReport> {
  const progress = (p: Progress) => {
    try {
      opts.onProgress?.(p);
    } catch {
      /* a display problem must not stop the sync */
    }
  };
  const { splitInvoicing } = await deps.settings();
  progress({ phase: 'validating', done: 0, total: 3, current: `Reading payments changed in Sage since ${since.date}` });
  const { docs, siblings } = await deps.withLedger((ledger) => readSage(ledger, since.date));
  progress({
    phase: 'validating',
    done: 1,
    total: 3,
    current: `Looking up Manage invoices for ${docs.length} Sage documents`,
  });
  const byNumber = await lookUpInvoices(deps, docs);
  progress({ phase: 'validating', done: 2, total: 3, current: 'Comparing paid amounts' });
  const matched = matchDocuments(docs, siblings, byNumber);
  const decisions = matched.groups.map(decide);
  const problems: Problem[] = [
    ...matched.problems,
    ...decisions.flatMap((d) => (d.action === 'problem' ? [d.problem] : [])),
  ];
  const writes = decisions.filter((d): d is Write => d.action === 'write');
  progress({ phase: 'validating', done: 3, total: 3 });

  const written = await writePayments(deps, opts.user, writes, progress);
  problems.push(...written.problems);
  const report: PaymentSyncReport = {
    since: since.date,
    sinceOption: opts.since,
    sinceUsed: since.used,
    notes: since.note ? [since.note] : [],
    splitInvoicing,
    sageDocuments: docs.length,
    checked: matched.checked,
    updated: written.updated,
    unchanged: decisions.filter((d) => d.action === 'unchanged').length,
    problems,
    manageWrites: written.requests,
    startedAt,
    finishedAt: now().toISOString(),
    succeeded: written.failures === 0,
  };
  progress({ phase: 'done', done: writes.length, total: writes.length });
  return report;
}

/** One Sage session: the changed documents, then the other half of each split pair that did not change. */
async function readSage(
  ledger: SageLedger,
  since: string,
): Promise<{ docs: ChangedDocument[]; siblings: Map<string, SiblingInfo> }> {
  const docs = (await ledger.listPaymentChanges(since)).map(describeDocument);
  const siblings = new Map<string, SiblingInfo>();
  for (const sib of siblingsToLookUp(docs)) {
    const found = await ledger.findDocuments(sib.lookup);
    siblings.set(sib.key, { exists: found.length > 0, gross: sumMinor(found.map((d) => d.net + d.tax)) });
  }
  return { docs, siblings };
}

async function lookUpInvoices(deps: PaymentSyncDeps, docs: ChangedDocument[]): Promise<Map<string, Invoice>> {
  const numbers = candidateNumbers(docs);
  const byNumber = new Map<string, Invoice>();
  if (numbers.length === 0) return byNumber;
  for (const inv of await deps.manage.findInvoicesByNumber(numbers)) {
    const n = inv.invoiceNumber?.trim();
    if (n && !byNumber.has(n)) byNumber.set(n, inv);
  }
  return byNumber;
}

function summary(r: PaymentSyncReport): Record<string, unknown> {
  return {
    since: r.since,
    sinceOption: r.sinceOption,
    sinceUsed: r.sinceUsed,
    splitInvoicing: r.splitInvoicing,
    sageDocuments: r.sageDocuments,
    checked: r.checked,
    updated: r.updated.length,
    unchanged: r.unchanged,
    fullyPaid: r.updated.filter((u) => u.fullyPaid).length,
    problems: countByCode(r.problems),
    manageWrites: r.manageWrites,
  };
}

async function audit(
  log: AuditLog,
  user: Requester,
  outcome: string,
  details: Record<string, unknown>,
  machine: string,
): Promise<void> {
  await log.record({
    action: 'sync-payments',
    actor: { id: user.id, name: user.name },
    details: { outcome, machine, ...details },
  });
}

function countByCode(problems: Problem[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of problems) out[p.code] = (out[p.code] ?? 0) + 1;
  return out;
}
