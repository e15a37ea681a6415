/**
 * A short memory of recent batch runs and payment syncs made through the bot, for the `status` card.
 * Bounded (the last 20 of each): the audit log is the full record.
 */

import type { BotHistoryStore, RunHistoryEntry, SyncHistoryEntry } from '../bot/ports.ts';
import { openJsonStore } from './json-file.ts';

const KEEP = 20;

interface HistoryDoc {
  runs: RunHistoryEntry[];
  syncs: SyncHistoryEntry[];
}

export function openBotHistoryStore(path: string): BotHistoryStore {
  const store = openJsonStore<HistoryDoc>(path, () => ({ runs: [], syncs: [] }));
  return {
    async recordRun(entry) {
      await store.update((doc) => {
        doc.runs = [...doc.runs, entry].slice(-KEEP);
      });
    },
    async recordSync(entry) {
      await store.update((doc) => {
        doc.syncs = [...doc.syncs, entry].slice(-KEEP);
      });
    },
    async read() {
      return store.read();
    },
  };
}
