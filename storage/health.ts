/**
 * Whether the stores in the data folder can be read, checked at start-up and by `sagebot doctor`. A damaged
 * JSON store (truncated by a crash, edited by hand) would otherwise give a half-working bot; at start-up it is
 * moved aside — renamed, kept for inspection, never overwritten — and the bot starts with an empty one and
 * says so. The audit log is never moved: its hash chain is verified and a break is reported.
 */
import { existsSync, readdirSync, renameSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import type { AuditVerification } from '../core/audit.ts';
import type { DataFolder } from '../core/data-folder.ts';
import { openAuditLog } from './audit-log.ts';
import { flowStoreFiles } from './flows.ts';
import { journalIndexFile } from './journal.ts';
import { readJsonFile } from './json-file.ts';

export interface StoreProblem {
  /** Absolute path of the damaged file. */
  file: string;
  /** The file relative to the data folder, for messages. */
  name: string;
  problem: string;
}

/** The JSON documents sagebot keeps in the data folder (each flow's payload included). */
export function storeFiles(folder: DataFolder): string[] {
  const documents = [
    folder.settings,
    folder.paymentSync,
    folder.teamsConversations,
    folder.webchatTranscripts,
    folder.manageSandbox.state,
    folder.bot.alertChannels,
    folder.bot.history,
    flowStoreFiles(folder.bot.flows).doc,
    folder.bot.downloads,
    folder.bot.schedules,
    folder.bot.requests,
    folder.bot.outbox,
    journalIndexFile(folder.runs),
  ];
  const payloads = flowStoreFiles(folder.bot.flows).payloads;
  const payloadFiles = existsSync(payloads)
    ? readdirSync(payloads)
        .filter((f) => f.endsWith('.json'))
        .map((f) => join(payloads, f))
    : [];
  return [...documents, ...payloadFiles].filter((f) => existsSync(f));
}

/** Every store file that cannot be read as JSON, with why. */
export function checkStores(folder: DataFolder): StoreProblem[] {
  const problems: StoreProblem[] = [];
  for (const file of storeFiles(folder)) {
    try {
      readJsonFile(file);
    } catch (e) {
      const cause = (e as { cause?: unknown }).cause;
      const problem = cause instanceof Error ? cause.message : e instanceof Error ? e.message : String(e);
      problems.push({ file, name: relative(folder.root, file), problem });
    }
  }
  return problems;
}

/** A name beside `file` that does not exist yet: `<file>.damaged-<UTC time>[-n]`. */
function asideName(file: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, 'Z');
  let candidate = `${file}.damaged-${stamp}`;
  for (let n = 2; existsSync(candidate); n++) candidate = `${file}.damaged-${stamp}-${n}`;
  return candidate;
}

/** Move every damaged store aside (the caller holds the data folder); returns what was moved where. */
export function setAsideDamaged(
  folder: DataFolder,
  now = new Date(),
): Array<StoreProblem & { movedTo: string; movedToName: string }> {
  return checkStores(folder).map((p) => {
    const movedTo = asideName(p.file, now);
    renameSync(p.file, movedTo);
    return { ...p, movedTo, movedToName: join(dirname(p.name), basename(movedTo)) };
  });
}

/** The audit log's chain (see storage/audit-log.ts); a missing log is intact. */
export async function auditHealth(folder: DataFolder): Promise<AuditVerification> {
  return (await openAuditLog(folder.audit).verify?.()) ?? { ok: true, entries: 0, malformed: [] };
}
