/**
 * A small JSON document on disk, backed by lowdb (whose JSONFile adapter writes to a temp file and renames,
 * so a crash leaves either the old or the new document, never half of one). Writes are serialised per
 * store and happen only when the document changed.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';

export interface JsonStore<T> {
  /** The current document as on disk (a deep copy; mutate it freely). */
  read(): Promise<T>;
  /** Apply `change` to the document and persist it if anything changed; returns the new document. */
  // biome-ignore lint/suspicious/noConfusingVoidType: a mutating callback returns nothing, a replacing one returns the new document.
  update(change: (doc: T) => T | void): Promise<T>;
}

export function openJsonStore<T extends object>(path: string, defaults: () => T): JsonStore<T> {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Low<T>(new JSONFile<T>(path), defaults());
  let loaded = false;
  let queue: Promise<unknown> = Promise.resolve();

  async function ensureLoaded(): Promise<void> {
    if (loaded) return;
    await db.read();
    db.data ??= defaults();
    db.data = { ...defaults(), ...db.data };
    loaded = true;
  }

  function serial<R>(task: () => Promise<R>): Promise<R> {
    const next = queue.then(task, task);
    queue = next.catch(() => undefined);
    return next;
  }

  return {
    read: () =>
      serial(async () => {
        // Always from disk: the CLI and the bot share these files (settings, alert channels...), so a cached copy
        // would miss the other process's change. The documents are small.
        loaded = false;
        await ensureLoaded();
        return structuredClone(db.data);
      }),
    update: (change) =>
      serial(async () => {
        // Re-read so a second process (the CLI beside the bot) is not overwritten with stale data.
        loaded = false;
        await ensureLoaded();
        const before = JSON.stringify(db.data);
        const draft = structuredClone(db.data);
        const result = change(draft);
        const after = result === undefined ? draft : result;
        if (JSON.stringify(after) !== before) {
          db.data = after;
          await db.write();
        }
        return structuredClone(db.data);
      }),
  };
}
