/**
 * The run journal on disk, one folder per run under <dataDir>/runs/<runId>/:
 *   plan.json       the full plan, written once, atomically (temp file, fsync, rename) before posting;
 *   progress.jsonl  one JSON event per line (a torn last line is ignored): before each group of documents an
 *                   `intent` line naming them, fsync'd with everything before it; the documents' outcomes;
 *   log.txt         the full, human-readable log (written in small groups of lines); errors.txt the error list.
 * An index (runs/index.json, via the atomic JSON store) lists every run with its state, so `resume` finds the
 * unfinished ones and `batches` can say who ran what. The intents are what exactly-once rests on (the argument
 * is in core/export/post-batch.ts): one fsync per group of documents, not one per document. A document's outcome
 * (`posted`, `skipped`) is held and written with the next intent, any other event or the end of the run, and is
 * not fsync'd: one lost to a killed process or a power cut only costs a look-up in Sage on resume, while a write
 * per document would make every commit of the Sage company beside it flush that file too (15-20% of the
 * posting time on the embedded company). Every other event is written at once.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { JournalEvent, RunPlan } from '../core/export/plan-types.ts';
import type { BatchJournal, JournalRunSummary, RunLogFile } from '../core/export/ports.ts';
import { openJsonStore } from './json-file.ts';
import { ensurePrivateDir, PRIVATE_FILE, writeFileAtomic } from './private-files.ts';

interface IndexDoc {
  runs: JournalRunSummary[];
}

const SAFE_RUN_ID = /^[A-Za-z0-9_-]{1,80}$/;
/** Outcome lines held before they are written (an intent, any other event or the end of the run writes them sooner). */
const HELD_OUTCOMES = 256;

/** An event as a journal line, with a newline of its own on each side so a torn line never glues onto the next. */
function lineOf(event: JournalEvent): string {
  return `\n${JSON.stringify(event)}\n`;
}

/** The journal's index of runs inside its folder (each run has a folder of its own beside it). */
export function journalIndexFile(root: string): string {
  return join(root, 'index.json');
}

export function openBatchJournal(root: string): BatchJournal {
  ensurePrivateDir(root);
  const index = openJsonStore<IndexDoc>(journalIndexFile(root), () => ({ runs: [] }));
  const progressFds = new Map<string, number>();
  const outcomes = new Map<string, string[]>();

  function dirOf(runId: string): string {
    if (!SAFE_RUN_ID.test(runId)) throw new Error(`bad run id ${runId}`);
    const dir = join(root, runId);
    ensurePrivateDir(dir);
    return dir;
  }

  async function patch(runId: string, change: Partial<JournalRunSummary>): Promise<void> {
    await index.update((doc) => {
      const run = doc.runs.find((r) => r.runId === runId);
      if (run) Object.assign(run, change);
    });
  }

  function progressFd(runId: string): number {
    let fd = progressFds.get(runId);
    if (fd === undefined) {
      fd = openSync(join(dirOf(runId), 'progress.jsonl'), 'a', PRIVATE_FILE);
      progressFds.set(runId, fd);
    }
    return fd;
  }

  /** A run's outcome lines not written yet: an outcome lost in a crash costs a look-up, so they go out in groups. */
  function heldOutcomes(runId: string): string[] {
    let held = outcomes.get(runId);
    if (!held) {
      held = [];
      outcomes.set(runId, held);
    }
    return held;
  }

  /** Write the held outcomes of a run, then `more` after them, in one write. */
  function writeHeld(runId: string, more = ''): void {
    const held = outcomes.get(runId);
    const text = held?.length ? held.join('') + more : more;
    if (held) held.length = 0;
    if (text) writeSync(progressFd(runId), text);
  }

  function readEvents(runId: string): JournalEvent[] {
    writeHeld(runId);
    const path = join(dirOf(runId), 'progress.jsonl');
    if (!existsSync(path)) return [];
    const events: JournalEvent[] = [];
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        events.push(JSON.parse(line) as JournalEvent);
      } catch {
        // A line torn by a crash mid-write; every later decision re-checks Sage, so it can be dropped.
      }
    }
    return events;
  }

  return {
    async start(summary) {
      dirOf(summary.runId);
      await index.update((doc) => {
        doc.runs = doc.runs.filter((r) => r.runId !== summary.runId);
        doc.runs.push(summary);
      });
    },
    async savePlan(plan) {
      writeFileAtomic(join(dirOf(plan.runId), 'plan.json'), planPieces(plan));
      await patch(plan.runId, { state: 'posting' });
    },
    append(runId, event) {
      const line = lineOf(event);
      if (event.t === 'posted' || event.t === 'skipped') {
        const held = heldOutcomes(runId);
        held.push(line);
        if (held.length >= HELD_OUTCOMES) writeHeld(runId);
        return;
      }
      writeHeld(runId, line);
    },
    intend(runId, docIds) {
      writeHeld(runId, lineOf({ t: 'intent', docs: docIds }));
      fsyncSync(progressFd(runId));
    },
    async finish(runId, change) {
      writeHeld(runId);
      outcomes.delete(runId);
      const fd = progressFds.get(runId);
      if (fd !== undefined) {
        fsyncSync(fd);
        closeSync(fd);
        progressFds.delete(runId);
      }
      await patch(runId, { ...change, state: 'done', finishedAt: change.finishedAt ?? new Date().toISOString() });
    },
    async load(runId) {
      const summary = (await index.read()).runs.find((r) => r.runId === runId);
      if (!summary) return undefined;
      const planPath = join(dirOf(runId), 'plan.json');
      const plan = existsSync(planPath) ? (JSON.parse(readFileSync(planPath, 'utf8')) as RunPlan) : undefined;
      return { summary, plan, events: readEvents(runId) };
    },
    async list() {
      return (await index.read()).runs;
    },
    async unfinished() {
      return (await index.read()).runs.filter((r) => r.state !== 'done');
    },
    openLog(runId): RunLogFile {
      const path = join(dirOf(runId), 'log.txt');
      const fd = openSync(path, 'a', PRIVATE_FILE);
      let open = true;
      let buffer: string[] = [];
      // Lines are written in small groups: the log is for people; what a crash must not lose is in progress.jsonl.
      const flush = () => {
        if (buffer.length) writeSync(fd, buffer.join(''));
        buffer = [];
      };
      return {
        path,
        line(text) {
          if (!open) return;
          buffer.push(`${new Date().toISOString()} ${text}\n`);
          if (buffer.length >= 64 || /^(FAILED|PROBLEM|ABORTED)/.test(text)) flush();
        },
        close() {
          if (!open) return;
          open = false;
          flush();
          closeSync(fd);
        },
      };
    },
    writeErrorList(runId, text) {
      const path = join(dirOf(runId), 'errors.txt');
      writeFileSync(path, text, { mode: PRIVATE_FILE });
      return path;
    },
  };
}

/** The plan's JSON (what JSON.stringify(plan) gives) in pieces, a record at a time: never one 20 MB string. */
export function* planPieces(plan: RunPlan): Generator<string> {
  const { records, ...header } = plan;
  const head = JSON.stringify(header);
  yield head === '{}' ? '{"records":[' : `${head.slice(0, -1)},"records":[`;
  for (let i = 0; i < records.length; i++) yield (i ? ',' : '') + JSON.stringify(records[i]);
  yield ']}';
}
