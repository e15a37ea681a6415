/**
 * The company's exclusive writer lock, across processes: the operating-system lock of core/os-lock.ts on
 * `company.lock`, held for as long as the company is connected, so it frees itself when the holder exits, even
 * on kill -9. Who holds it (Sage user, OS user, host, pid, since) is written beside it in `company.lock.json`.
 */

import { hostname } from 'node:os';
import { join } from 'node:path';
import { readLockHolder, tryNamedLock } from '../../os-lock.ts';
import { osUserName } from '../../os-user.ts';
import { refuse } from '../errors.ts';

export const LOCK_FILE = 'company.lock';

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
  const holder: LockHolder = {
    sageUser,
    osUser: osUserName(),
    host: hostname(),
    pid: process.pid,
    since: new Date().toISOString(),
    purpose,
  };
  const attempt = tryNamedLock(join(dir, LOCK_FILE), holder, waitMs);
  if (!attempt.ok) throw inUse(dir);
  return attempt.lock;
}

/** Who holds the lock, as far as the info file says (it may be stale once the lock has gone). */
export function readHolder(dir: string): LockHolder | undefined {
  return readLockHolder<LockHolder>(join(dir, LOCK_FILE));
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
