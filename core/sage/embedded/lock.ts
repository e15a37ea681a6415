/**
 * The company's exclusive writer lock, across processes. The lock is an operating-system file lock that SQLite
 * takes on `company.lock` (a `BEGIN IMMEDIATE` transaction kept open for as long as the company is connected),
 * so it is freed by the operating system the moment the holder exits, including on kill -9: no stale lock
 * files, no pid guessing. Who holds it (Sage user, OS user, host, pid, since) is written beside it in
 * `company.lock.json`, which only feeds the "in use by ..." message.
 */

import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { refuse } from '../errors.ts';

export const LOCK_FILE = 'company.lock';
export const LOCK_INFO_FILE = 'company.lock.json';

export interface LockHolder {
  sageUser: string;
  osUser: string;
  host: string;
  pid: number;
  since: string;
  purpose: string;
}

export interface WriterLock {
  readonly holder: LockHolder;
  release(): void;
}

/** Take the writer lock of the company in `dir`, waiting up to `waitMs`; SAGE_IN_USE when another program holds it. */
export function acquireWriterLock(dir: string, sageUser: string, purpose: string, waitMs = 0): WriterLock {
  const db = new Database(join(dir, LOCK_FILE));
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(waitMs))}`);
    db.exec('BEGIN IMMEDIATE');
  } catch (e) {
    db.close();
    if ((e as { code?: string }).code === 'SQLITE_BUSY' || (e as { code?: string }).code === 'SQLITE_LOCKED')
      throw inUse(dir);
    throw e;
  }
  const holder: LockHolder = {
    sageUser,
    osUser: safeOsUser(),
    host: hostname(),
    pid: process.pid,
    since: new Date().toISOString(),
    purpose,
  };
  writeHolder(dir, holder);
  let released = false;
  return {
    holder,
    release() {
      if (released) return;
      released = true;
      if (readHolder(dir)?.pid === process.pid) rmSync(join(dir, LOCK_INFO_FILE), { force: true });
      try {
        db.exec('ROLLBACK');
      } finally {
        db.close();
      }
    },
  };
}

/** Who holds the lock, as far as the info file says (it may be stale once the lock has gone). */
export function readHolder(dir: string): LockHolder | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, LOCK_INFO_FILE), 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}

function writeHolder(dir: string, holder: LockHolder): void {
  const tmp = join(dir, `${LOCK_INFO_FILE}.${process.pid}.tmp`);
  writeFileSync(tmp, JSON.stringify(holder));
  renameSync(tmp, join(dir, LOCK_INFO_FILE));
}

function inUse(dir: string) {
  const h = readHolder(dir);
  const who = h
    ? `by ${h.sageUser} (${h.osUser}, ${h.purpose}, process ${h.pid}) on ${h.host} since ${h.since.slice(0, 19).replace('T', ' ')} UTC`
    : 'by another program';
  return refuse(
    'SAGE_IN_USE',
    `The Sage company in ${dir} is in use ${who}. Only one program may post to it at a time.`,
    'Wait for the other sagebot or "sagebot ledger" command to finish, then try again. The lock frees itself as soon as that program ends, even if it crashed.',
    { dir, holder: h },
  );
}

function safeOsUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
