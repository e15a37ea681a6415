/**
 * A small JSON document on disk that the bot and the `sagebot` command line may both change. Each update is a
 * read-modify-write under an operating-system lock on `<file>.lock` (core/os-lock.ts), so two processes never
 * lose each other's change; the write is atomic (unique temp file, fsync, rename), so a crash leaves the old
 * document or the new one. Within a process updates are serialised and happen only when the document changed.
 * A file that is not valid JSON is never overwritten: reading it is a STORE_CORRUPT error naming the file
 * (`sagebot start` moves it aside, `sagebot doctor` reports it: storage/health.ts).
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isSagebotError, SagebotError } from '../core/errors.ts';
import { withOsLock } from '../core/os-lock.ts';
import { ensurePrivateDir, writeFileAtomic } from './private-files.ts';

export interface JsonStore<T> {
  /** The current document as on disk (a deep copy; mutate it freely). */
  read(): Promise<T>;
  /** Apply `change` to the document and persist it if anything changed; returns the new document. */
  // biome-ignore lint/suspicious/noConfusingVoidType: a mutating callback returns nothing, a replacing one returns the new document.
  update(change: (doc: T) => T | void): Promise<T>;
}

/** How long an update waits for another process's update of the same file (they take milliseconds). */
const LOCK_WAIT_MS = 10_000;

/** A store file that exists but cannot be parsed: left untouched, named in the message. */
export function storeCorrupt(path: string, cause: unknown): SagebotError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new SagebotError({
    code: 'STORE_CORRUPT',
    message: `The data file ${path} is damaged (${why}); sagebot left it as it is.`,
    fix: 'Run "sagebot doctor" to see every damaged file; "sagebot start" moves damaged files aside (kept for inspection) and starts with empty ones.',
    details: { path },
    cause,
  });
}

/** Parse a store file; undefined when it does not exist; STORE_CORRUPT when it is not a JSON object. */
export function readJsonFile<T>(path: string): T | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw storeCorrupt(path, e);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw storeCorrupt(path, text.length ? e : new Error('the file is empty'));
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw storeCorrupt(path, new Error('not a JSON object'));
  return doc as T;
}

/** Read-modify-write of `path` under its cross-process lock, synchronously (so nothing interleaves). */
export function updateJsonFileSync<T extends object>(
  path: string,
  defaults: () => T,
  // biome-ignore lint/suspicious/noConfusingVoidType: as JsonStore.update.
  change: (doc: T) => T | void,
): T {
  const busy = () =>
    new SagebotError({
      code: 'STORE_BUSY',
      message: `Another sagebot process kept ${path} locked for more than ${LOCK_WAIT_MS / 1000} s.`,
      fix: 'Try again; if it keeps happening, check for a sagebot process that hangs.',
      retryable: true,
    });
  try {
    return withOsLock(`${path}.lock`, LOCK_WAIT_MS, busy, () => {
      const current = { ...defaults(), ...readJsonFile<T>(path) };
      const before = JSON.stringify(current);
      const draft = structuredClone(current);
      const result = change(draft);
      const after = result === undefined ? draft : result;
      if (JSON.stringify(after) !== before) writeFileAtomic(path, JSON.stringify(after));
      return structuredClone(after);
    });
  } catch (e) {
    if (isSagebotError(e) || !(e as { code?: unknown }).code) throw e; // a coded store error, or a bug in `change`
    throw new SagebotError({
      code: 'STORE_WRITE_FAILED',
      message: `sagebot could not save ${path} (${(e as { code?: string }).code}); the change was not made.`,
      fix: 'Check that the disk has space and the data folder is writable ("sagebot doctor").',
      details: { path },
      cause: e,
    });
  }
}

export function openJsonStore<T extends object>(path: string, defaults: () => T): JsonStore<T> {
  ensurePrivateDir(dirname(path));
  let queue: Promise<unknown> = Promise.resolve();

  function serial<R>(task: () => R): Promise<R> {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  }

  return {
    // Always from disk: the CLI and the bot share these files, so a cached copy would miss the other's change.
    read: () => serial(() => ({ ...defaults(), ...readJsonFile<T>(path) })),
    update: (change) => serial(() => updateJsonFileSync(path, defaults, change)),
  };
}
