/**
 * Files only their owner can read: the data folder holds the audit log, run journals, conversation references
 * and Manage data, so on POSIX folders are 0700 and files 0600 — created so, and tightened when found wider
 * (a folder made by an older sagebot or by hand). On Windows the modes mean little; docs/teams.md says how to
 * restrict the folder there.
 */

import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';

export const PRIVATE_DIR = 0o700;
export const PRIVATE_FILE = 0o600;
const POSIX = process.platform !== 'win32';

/** Create `dir` (and parents) private to this user; tighten it when it exists with wider rights. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  if (POSIX && (statSync(dir).mode & 0o077) !== 0) chmodSync(dir, PRIVATE_DIR);
}

/**
 * Write `text` to `path` so a crash leaves the old file or the new one, never half of one: a temp file with a
 * name no other writer uses (pid + random), fsync'd, then renamed over the target, then the folder fsync'd so the
 * rename itself survives a power cut.
 */
export function writeFileAtomic(path: string, text: string | Iterable<string>): void {
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', PRIVATE_FILE);
  try {
    try {
      if (typeof text === 'string') writeSync(fd, text);
      else writePieces(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true }); // a disk-full or failed rename leaves no temp file behind
    throw e;
  }
  syncDir(dirname(path));
}

/** Pieces of a large file written about a megabyte at a time, so the whole text is never one string. */
function writePieces(fd: number, pieces: Iterable<string>): void {
  let pending: string[] = [];
  let size = 0;
  for (const piece of pieces) {
    pending.push(piece);
    size += piece.length;
    if (size >= 1 << 20) {
      writeSync(fd, pending.join(''));
      pending = [];
      size = 0;
    }
  }
  if (pending.length) writeSync(fd, pending.join(''));
}

function syncDir(dir: string): void {
  if (!POSIX) return; // Windows cannot open a folder for fsync; NTFS journals the rename.
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    /* some file systems refuse fsync on a folder; the file itself is on disk */
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Tighten every folder to 0700 and every file to 0600 under `root` (POSIX); returns how many were changed. */
export function tightenTree(root: string): number {
  if (!POSIX) return 0;
  let changed = 0;
  const visit = (path: string, isDir: boolean) => {
    const mode = statSync(path).mode & 0o777;
    const want = isDir ? PRIVATE_DIR : PRIVATE_FILE;
    if ((mode & 0o077) !== 0) {
      chmodSync(path, mode & want);
      changed++;
    }
    if (!isDir) return;
    for (const e of readdirSync(path, { withFileTypes: true })) {
      if (e.isDirectory()) visit(join(path, e.name), true);
      else if (e.isFile()) visit(join(path, e.name), false);
    }
  };
  visit(root, true);
  return changed;
}
