/**
 * An operating-system file lock, across processes: SQLite's lock on a small lock file, taken with
 * `BEGIN IMMEDIATE` and kept for as long as the transaction is open. The operating system frees it the moment
 * the holder exits, including on kill -9, so there are no stale lock files and no pid guessing. Who holds it
 * is written beside it in `<file>.json`, which only feeds the "in use by ..." message.
 *
 * Used for the embedded Sage company's writer lock, the one-bot-per-data-folder lock and the short critical
 * sections of the JSON stores and the audit log. Waiting (`waitMs`) blocks the thread: callers keep it short.
 *
 * A lock lives until `release()` or the process's end, never until the garbage collector's: better-sqlite3
 * closes a connection it collects, and that would free the lock silently while its holder still believes it
 * holds it (a holder kept only by a finished async function is collectable). So every held connection is kept
 * in `HELD` here until released.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';

export interface HeldLock {
  release(): void;
}

const HELD = new Set<Database.Database>();

function busy(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

/** Take the lock on `file`, waiting up to `waitMs`; undefined when another connection holds it. */
export function tryOsLock(file: string, waitMs = 0): HeldLock | undefined {
  const db = new Database(file);
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(waitMs))}`);
    db.exec('BEGIN IMMEDIATE');
  } catch (e) {
    db.close();
    if (busy(e)) return undefined;
    throw e;
  }
  HELD.add(db);
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      HELD.delete(db);
      try {
        db.exec('ROLLBACK');
      } finally {
        db.close();
      }
    },
  };
}

/** Run `fn` holding the lock on `file`; `onBusy` makes the error when it stays held for `waitMs`. */
export function withOsLock<T>(file: string, waitMs: number, onBusy: () => Error, fn: () => T): T {
  const lock = tryOsLock(file, waitMs);
  if (!lock) throw onBusy();
  try {
    return fn();
  } finally {
    lock.release();
  }
}

/** A lock that names its holder: the holder is written to `<file>.json` once the lock is taken. */
export interface NamedLock<H extends { pid: number }> extends HeldLock {
  readonly holder: H;
}

export type NamedLockAttempt<H extends { pid: number }> =
  | { ok: true; lock: NamedLock<H> }
  | { ok: false; holder: H | undefined };

export function tryNamedLock<H extends { pid: number }>(file: string, holder: H, waitMs = 0): NamedLockAttempt<H> {
  const held = tryOsLock(file, waitMs);
  if (!held) return { ok: false, holder: readLockHolder<H>(file) };
  const info = `${file}.json`;
  const tmp = `${info}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(holder), { mode: 0o600 });
  renameSync(tmp, info);
  let released = false;
  return {
    ok: true,
    lock: {
      holder,
      release() {
        if (released) return;
        released = true;
        if (readLockHolder<H>(file)?.pid === holder.pid) rmSync(info, { force: true });
        held.release();
      },
    },
  };
}

/** Who holds the lock on `file`, as far as its info file says (it may be stale once the lock has gone). */
export function readLockHolder<H>(file: string): H | undefined {
  try {
    return JSON.parse(readFileSync(`${file}.json`, 'utf8')) as H;
  } catch {
    return undefined;
  }
}
