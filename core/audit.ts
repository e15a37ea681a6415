/**
 * The audit log port: who did what, when. Every request, approval, refusal, posting, batch deletion and payment
 * sync is recorded, from chat and from the command line alike. Implementation: storage/audit-log.ts.
 */
export interface AuditEntry {
  at: string; // ISO timestamp
  /** request | approve | refuse | cancel | post | rerun | resume | delete-batch | sync-payments | settings | alerts | ... */
  action: string;
  actor: { id: string; name: string; platform?: string };
  /** Free-form but small: batch id, kind, counts, outcome, reason. Never secrets. */
  details: Record<string, unknown>;
  correlationId?: string;
}

export interface AuditLog {
  record(entry: Omit<AuditEntry, 'at'> & { at?: string }): Promise<void>;
  /** Newest last; `limit` keeps the last N. */
  list(opts?: { limit?: number; action?: string; since?: string }): Promise<AuditEntry[]>;
}
