/**
 * The storage ports the export engine needs, implemented in storage/ (journal.ts, settings.ts, run-lock.ts):
 * the run journal with its per-run files, the module settings, and the one-run-per-Sage-company lock.
 */
import type { JournalEvent, RunHeader, RunPlan } from './plan-types.ts';
import type { ActiveRun, Outcome, Settings } from './types.ts';

/** The index line of one run in the journal. */
export interface JournalRunSummary extends RunHeader {
  /** planning: validating (nothing posted yet); posting; done. */
  state: 'planning' | 'posting' | 'done';
  outcome?: Outcome;
  finishedAt?: string;
  manageBatchId?: number;
  /** Records posted (or found) in Sage. */
  count?: number;
  /** Labels of the Sage documents this run posted or found. */
  sageDocuments?: string[];
}

/** A text file of a run, written line by line (the full log). */
export interface RunLogFile {
  readonly path: string;
  line(text: string): void;
  close(): void;
}

/** The run journal: the plan before posting, progress after each document, and the run's files. */
export interface BatchJournal {
  /** Record that a run started (state planning): a crash before the plan leaves nothing to resume. */
  start(summary: JournalRunSummary): Promise<void>;
  /** Store the full plan durably (atomic); state becomes posting. */
  savePlan(plan: RunPlan): Promise<void>;
  /**
   * Append one progress event, written at once (it survives the process being killed) but not fsync'd: the
   * next `intend` or `finish` makes it durable.
   */
  append(runId: string, event: JournalEvent): void;
  /**
   * Record that the documents `docIds` are about to be posted, durably: the intent and every event before it
   * are fsync'd before this returns. Nothing may be posted that no durable intent names (post-batch.ts).
   */
  intend(runId: string, docIds: string[]): void;
  /** Close the run: state done, with its outcome. */
  finish(runId: string, change: Partial<JournalRunSummary> & { outcome: Outcome }): Promise<void>;
  load(runId: string): Promise<{ summary: JournalRunSummary; plan?: RunPlan; events: JournalEvent[] } | undefined>;
  /** Every run, oldest first. */
  list(): Promise<JournalRunSummary[]>;
  /** Runs not done (crashed or still running elsewhere), oldest first. */
  unfinished(): Promise<JournalRunSummary[]>;
  /** Open (append) the full log of a run. */
  openLog(runId: string): RunLogFile;
  /** Write the error list of a run; returns its path. */
  writeErrorList(runId: string, text: string): string;
}

export interface SettingsStore {
  read(): Promise<Settings>;
  update(change: Partial<Settings>): Promise<Settings>;
}

/** Who holds the lock, plus where (pid and host) so a crashed holder is recognised as stale. */
export interface LockHolder extends ActiveRun {
  pid: number;
  host: string;
}

export type LockAttempt = { ok: true; release: () => Promise<void> } | { ok: false; holder: LockHolder };

/** One posting run at a time per Sage company, across processes; a holder whose process is gone is stale. */
export interface RunLock {
  acquire(companyKey: string, run: ActiveRun): Promise<LockAttempt>;
  holder(companyKey: string): Promise<LockHolder | undefined>;
}
