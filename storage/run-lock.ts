/**
 * The one-posting-run-per-Sage-company lock, across processes: a lock file created exclusively (O_EXCL) that
 * names its holder (run, batch, user, since, pid, host). It survives a crash, and a holder whose process is
 * gone (same host, pid no longer alive) is recognised as stale and broken. Breaking a stale lock happens under
 * a short-lived breaker directory so two processes cannot both break it and then both take it.
 */
import { createHash } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { LockAttempt, LockHolder, RunLock } from '../core/export/ports.ts';
import type { ActiveRun } from '../core/export/types.ts';

/** Whether a process with this pid is alive on this machine. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): LockHolder | undefined | 'torn' {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return 'torn';
  }
}

function isStale(h: LockHolder | 'torn', path: string): boolean {
  if (h === 'torn') {
    // Written by a process killed between create and write: stale once it is not brand new.
    try {
      return Date.now() - statSync(path).mtimeMs > 2000;
    } catch {
      return true;
    }
  }
  return h.host === hostname() && !processAlive(h.pid);
}

function tryCreate(path: string, holder: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, JSON.stringify(holder));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Remove a stale lock, unless another process is breaking it right now or it changed meanwhile. */
function breakStale(path: string, seen: string): void {
  const breaker = `${path}.break`;
  try {
    mkdirSync(breaker);
  } catch {
    try {
      if (Date.now() - statSync(breaker).mtimeMs > 10_000) rmSync(breaker, { recursive: true, force: true });
    } catch {
      /* gone already */
    }
    return;
  }
  try {
    let now = '';
    try {
      now = readFileSync(path, 'utf8');
    } catch {
      return;
    }
    if (now === seen) unlinkSync(path);
  } finally {
    rmSync(breaker, { recursive: true, force: true });
  }
}

export function openRunLock(dir: string): RunLock {
  mkdirSync(dir, { recursive: true });
  const pathOf = (companyKey: string) =>
    join(dir, `${createHash('sha256').update(companyKey).digest('hex').slice(0, 16)}.lock`);

  async function holder(companyKey: string): Promise<LockHolder | undefined> {
    const path = pathOf(companyKey);
    const h = readHolder(path);
    if (h === undefined || isStale(h, path)) return undefined;
    return h === 'torn' ? undefined : h;
  }

  async function acquire(companyKey: string, run: ActiveRun): Promise<LockAttempt> {
    const path = pathOf(companyKey);
    const mine: LockHolder = { ...run, pid: process.pid, host: hostname() };
    for (let attempt = 0; attempt < 5; attempt++) {
      if (tryCreate(path, mine)) return { ok: true, release: () => release(path, mine.runId) };
      const h = readHolder(path);
      if (h === undefined) continue;
      if (!isStale(h, path)) {
        if (h === 'torn') {
          await new Promise((r) => setTimeout(r, 50));
          continue;
        }
        return { ok: false, holder: h };
      }
      let seen = '';
      try {
        seen = readFileSync(path, 'utf8');
      } catch {
        continue;
      }
      breakStale(path, seen);
    }
    const h = readHolder(path);
    if (h && h !== 'torn') return { ok: false, holder: h };
    throw new Error(`could not take the run lock ${path}`);
  }

  async function release(path: string, runId: string): Promise<void> {
    const h = readHolder(path);
    if (h && h !== 'torn' && h.runId === runId && h.pid === process.pid) {
      try {
        unlinkSync(path);
      } catch {
        /* already gone */
      }
    }
  }

  return { acquire, holder };
}
