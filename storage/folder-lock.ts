/**
 * One running bot per data folder: `sagebot start` holds the operating-system lock of core/os-lock.ts on
 * `<dataDir>/sagebot.lock` for as long as it runs, so a second start on the same folder is refused with who
 * holds it since when, and the lock frees itself when the holder exits, even on kill -9. The `sagebot`
 * commands beside a running bot do not take it: the stores they share are safe across processes
 * (storage/json-file.ts, storage/audit-log.ts).
 */
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { SagebotError } from '../core/errors.ts';
import { type HeldLock, tryNamedLock } from '../core/os-lock.ts';
import { osUserName } from '../core/os-user.ts';
import { ensurePrivateDir } from './private-files.ts';

export const FOLDER_LOCK = 'sagebot.lock';

export interface FolderOwner {
  purpose: string;
  osUser: string;
  host: string;
  pid: number;
  since: string;
}

function describe(h: FolderOwner | undefined): string {
  if (!h) return 'by another sagebot';
  return `by ${h.purpose} (user ${h.osUser}, process ${h.pid} on ${h.host}) since ${h.since.slice(0, 19).replace('T', ' ')} UTC`;
}

/** Take the data folder for this process; DATA_FOLDER_IN_USE (naming the holder) when another process has it. */
export function claimDataFolder(root: string, purpose = 'sagebot start'): HeldLock & { owner: FolderOwner } {
  ensurePrivateDir(root);
  const owner: FolderOwner = {
    purpose,
    osUser: osUserName(),
    host: hostname(),
    pid: process.pid,
    since: new Date().toISOString(),
  };
  const attempt = tryNamedLock(join(root, FOLDER_LOCK), owner);
  if (attempt.ok) return { owner, release: () => attempt.lock.release() };
  throw new SagebotError({
    code: 'DATA_FOLDER_IN_USE',
    message: `The data folder ${root} is in use ${describe(attempt.holder)}. Only one sagebot may run on a data folder.`,
    fix: 'Stop the other sagebot first (Ctrl-C in its window), or set SAGEBOT_DATA_DIR to another folder. The lock frees itself as soon as that process ends, even if it crashed.',
    details: { root, holder: attempt.holder },
  });
}

/** Who runs on the folder now, if anyone (for `sagebot doctor`); frees the lock again at once when nobody does. */
export function folderOwner(root: string): FolderOwner | undefined | 'free' {
  if (!existsSync(root)) return 'free';
  const probe: FolderOwner = {
    purpose: 'sagebot doctor',
    osUser: osUserName(),
    host: hostname(),
    pid: process.pid,
    since: new Date().toISOString(),
  };
  const attempt = tryNamedLock(join(root, FOLDER_LOCK), probe);
  if (!attempt.ok) return attempt.holder;
  attempt.lock.release();
  return 'free';
}

export { describe as describeFolderOwner };
