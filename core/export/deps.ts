/**
 * What the export engine is built from (ports only, wired by the composition root adapters/app/app.ts), and
 * the helper that holds a ledger connection only for the duration of one operation: the embedded company is
 * exclusive per process, so `sagebot ledger receipt` must be able to open it whenever the bot is idle.
 */
import type { AuditLog } from '../audit.ts';
import type { Logger } from '../logger.ts';
import type { ManageApi } from '../manage/api.ts';
import type { SageLedger } from '../sage/ledger.ts';
import { isoDate, todayIn } from './dates.ts';
import type { BatchJournal, RunLock, SettingsStore } from './ports.ts';
import type { CompanyRouting } from './routing.ts';

export interface ExportEngineDeps {
  manage: ManageApi;
  /** A connected ledger; the engine disconnects it when the operation ends. */
  openLedger: () => Promise<SageLedger>;
  journal: BatchJournal;
  settings: SettingsStore;
  lock: RunLock;
  audit: AuditLog;
  logger: Logger;
  /** IANA time zone for "today" and suggested batch ids. */
  timeZone: string;
  /** Identifies the Sage company for the one-run-at-a-time lock (e.g. its folder). */
  companyKey: string;
  /** Several Sage companies: which one this engine posts to; records are routed by location (routing.ts). */
  routing?: CompanyRouting;
  now?: () => Date;
}

export function nowOf(deps: ExportEngineDeps): Date {
  return deps.now ? deps.now() : new Date();
}

export function todayOf(deps: ExportEngineDeps): string {
  return isoDate(...todayIn(deps.timeZone, nowOf(deps)));
}

/** Run `fn` with a connected ledger and always disconnect afterwards. */
export async function withLedger<T>(deps: ExportEngineDeps, fn: (ledger: SageLedger) => Promise<T>): Promise<T> {
  const ledger = await deps.openLedger();
  try {
    return await fn(ledger);
  } finally {
    await disconnectLedger(deps, ledger);
  }
}

/** Disconnect from Sage; a failure to is logged, never raised (what was posted stands). Safe to call twice. */
export async function disconnectLedger(deps: ExportEngineDeps, ledger: SageLedger): Promise<void> {
  try {
    await ledger.disconnect();
  } catch (e) {
    deps.logger.warn({ err: e }, 'disconnecting from Sage failed');
  }
}
