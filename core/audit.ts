/**
 * The audit log port: who did what, when. Every request, approval, refusal, posting, batch deletion and payment
 * sync is recorded, from chat and from the command line alike. Each entry carries the sha256 of the line before
 * it (`prev`), so an edited or removed entry breaks the chain and `verify` names the first broken link.
 * Implementation: storage/audit-log.ts.
 */
import { SagebotError } from './errors.ts';

export interface AuditEntry {
  at: string; // ISO timestamp
  /** request | approve | refuse | cancel | post | rerun | resume | delete-batch | sync-payments | settings | alerts | ... */
  action: string;
  actor: { id: string; name: string; platform?: string };
  /** Free-form but small: batch id, kind, counts, outcome, reason. Never secrets. */
  details: Record<string, unknown>;
  correlationId?: string;
  /** sha256 (hex) of the previous line of the log, or AUDIT_GENESIS for the first entry. */
  prev?: string;
}

/** The `prev` of the first entry of a log. */
export const AUDIT_GENESIS = '0'.repeat(64);

export interface AuditVerification {
  /** True when every link holds and no entry is unreadable except torn lines a later entry links over. */
  ok: boolean;
  /** Lines that parsed as entries. */
  entries: number;
  /** The first line (1-based) whose link does not hold, and why. */
  broken?: { line: number; reason: string };
  /** Lines that are not entries (a write torn by a crash, or an edit), with whether a later entry links over it. */
  malformed: Array<{ line: number; linkedOver: boolean }>;
}

export interface AuditLog {
  record(entry: Omit<AuditEntry, 'at' | 'prev'> & { at?: string }): Promise<void>;
  /** Newest last; `limit` keeps the last N. Unreadable lines are left out: `verify` reports them. */
  list(opts?: { limit?: number; action?: string; since?: string }): Promise<AuditEntry[]>;
  /** Walk the hash chain from the first line. */
  verify?(): Promise<AuditVerification>;
}

/**
 * Record an entry that must exist before the action it describes (an approval before its posting): when the
 * audit log cannot be written the action does not start, with a message saying why.
 */
export async function recordOrRefuse(log: AuditLog, entry: Parameters<AuditLog['record']>[0]): Promise<void> {
  try {
    await log.record(entry);
  } catch (cause) {
    throw new SagebotError({
      code: 'AUDIT_UNAVAILABLE',
      message: `Nothing was posted: sagebot could not write the ${entry.action} to the audit log (${cause instanceof Error ? cause.message : String(cause)}), and it never posts what it cannot audit.`,
      fix: 'Check that the data folder is writable and the disk is not full (run "sagebot doctor"), then approve again.',
      cause,
    });
  }
}
