/**
 * The payment sync's "Last Successful Run", per user and machine, in one small JSON file (atomic writes
 * through storage/json-file.ts). The key is computed in one place, `runKey`, so two users on one machine, or
 * one user on two machines sharing a data folder, never see each other's date.
 */
import type { LastPaymentSync, PaymentSyncStateStore } from '../core/payments/types.ts';
import { openJsonStore } from './json-file.ts';

interface StateFile {
  version: 1;
  /** runKey(user, machine) -> the last successful run. */
  lastRuns: Record<string, LastPaymentSync & { user: string; machine: string }>;
}

export function runKey(userId: string, machine: string): string {
  return `${machine.trim().toLowerCase()}\u0000${userId.trim().toLowerCase()}`;
}

/** Open (creating on first write) the state file, normally `<dataDir>/payment-sync.json`. */
export function openPaymentSyncState(path: string): PaymentSyncStateStore {
  const store = openJsonStore<StateFile>(path, () => ({ version: 1, lastRuns: {} }));
  return {
    async lastRun(userId, machine) {
      const run = (await store.read()).lastRuns[runKey(userId, machine)];
      if (!run) return undefined;
      const { user: _user, machine: _machine, ...rest } = run;
      return rest;
    },
    async recordRun(userId, machine, run) {
      await store.update((doc) => {
        const key = runKey(userId, machine);
        const previous = doc.lastRuns[key];
        // Two overlapping runs (chat and the command line): keep the later start, never step back.
        if (previous && previous.startedAt > run.startedAt) return;
        doc.lastRuns[key] = { ...run, user: userId, machine };
      });
    },
  };
}
