/**
 * The core half of the composition root: builds the Manage client (and the in-process sandbox when no MANAGE_URL is set), the
 * Sage ledger opener, the stores under config.dataDir, the export engine, the payment sync and the audit log,
 * for every command and for the bot. Lazy: nothing connects until used — Manage is reached on the first
 * request, and the Sage company is opened per operation and closed after it (the embedded company is
 * exclusive per process, so `sagebot ledger receipt` can run whenever the bot is idle).
 */
import type { AuditLog } from '../../core/audit.ts';
import type { Config, ManageConfig } from '../../core/config.ts';
import { type DataFolder, dataFolder } from '../../core/data-folder.ts';
import { createExportEngine, type SagebotExportEngine } from '../../core/export/engine.ts';
import type { Logger } from '../../core/logger.ts';
import type { ManageClient } from '../../core/manage/api.ts';
import { createManageClient, type ManageClientOptions } from '../../core/manage/client.ts';
import {
  createSandbox,
  type Sandbox,
  type SandboxOptions,
  walkthroughScenario,
} from '../../core/manage/sandbox/index.ts';
import { createPaymentSync, type PaymentSyncDeps } from '../../core/payments/sync.ts';
import type { PaymentSyncService } from '../../core/payments/types.ts';
import { demoSageSeed } from '../../core/sage/embedded/demo-seed.ts';
import type { SageLedger } from '../../core/sage/ledger.ts';
import { ensureCompany, openLedger } from '../../core/sage/open-ledger.ts';
import { persistedSandboxOptions, runningSandbox } from './demo-sandbox.ts';
import { openEngineStores } from './stores.ts';

export interface LedgerOptions {
  /** How long connecting waits for another program's hold on the company (ms). Default 5 s. */
  lockWaitMs?: number;
}

export interface AppOptions {
  /**
   * Embedded defaults as a user runs them: keep the sandbox's state in the data folder and use the sandbox of a
   * running `sagebot start` when there is one (see demo-sandbox.ts). Off in tests that want a fresh sandbox.
   */
  demoState?: boolean;
  /** Options of the in-process sandbox (tests: a scenario, faults); used only when Manage is the sandbox. */
  sandbox?: SandboxOptions;
  /** Manage client knobs (tests: fast retries, small pages). */
  manageClient?: ManageClientOptions;
  ledger?: LedgerOptions;
  /** Clock of the engine and the payment sync (tests). */
  now?: () => Date;
  /** Wrap the ports the engine uses (crash tests inject faults; instrumentation). */
  decorate?: { ledger?: (l: SageLedger) => SageLedger; manage?: (m: ManageClient) => ManageClient };
}

export interface App {
  config: Config;
  /** Where everything under the data folder lives. */
  folder: DataFolder;
  logger: Logger;
  manage: ManageClient;
  /** True when the in-process sandbox was loaded from the state kept in the data folder. */
  sandboxRestored: boolean;
  /** The in-process Manage sandbox, when config.manage.target is the sandbox. */
  sandbox?: Sandbox;
  engine: SagebotExportEngine;
  paymentSync: PaymentSyncService;
  audit: AuditLog;
  /** A connected ledger; the caller disconnects it. */
  openLedger(): Promise<SageLedger>;
  /** Open the ledger, run `fn`, always disconnect. */
  withLedger<T>(fn: (ledger: SageLedger) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The Manage side on embedded defaults: a running bot's sandbox, or one of our own (kept in the data folder). */
async function manageTarget(
  config: Config,
  opts: AppOptions,
): Promise<{ sandbox?: Sandbox; manageConfig: ManageConfig; restored?: boolean }> {
  if (config.manage.target.kind !== 'sandbox') return { manageConfig: config.manage };
  const folder = dataFolder(config.dataDir);
  const shared = opts.demoState && !opts.sandbox ? await runningSandbox(folder, config.manage) : undefined;
  if (shared) return { manageConfig: shared };
  const fresh = config.demoData === 'walkthrough' ? walkthroughScenario() : undefined;
  const kept = opts.demoState && !opts.sandbox?.data ? persistedSandboxOptions(folder, fresh) : undefined;
  const sandbox = await createSandbox({ host: '127.0.0.1', port: 0, ...kept, ...opts.sandbox });
  const manageConfig = sandbox.config(config.manage.auth.kind, {
    apiVersion: config.manage.apiVersion,
    timeoutMs: config.manage.timeoutMs,
  });
  return { sandbox, manageConfig, restored: kept?.restored };
}

export async function createApp(config: Config, logger: Logger, opts: AppOptions = {}): Promise<App> {
  const { sandbox, manageConfig, restored } = await manageTarget(config, opts);
  const client = createManageClient(manageConfig, logger.child({ part: 'manage' }), opts.manageClient);
  const manage = opts.decorate?.manage ? opts.decorate.manage(client) : client;
  const folder = dataFolder(config.dataDir);
  const { journal, lock, settings, paymentSyncState, audit } = openEngineStores(folder);
  const sageLogger = logger.child({ part: 'sage' });
  const connect = async (): Promise<SageLedger> => {
    await ensureCompany(config.sage, sageLogger, sandbox ? demoSageSeed() : undefined);
    const ledger = await openLedger(config.sage, sageLogger, {
      lockWaitMs: opts.ledger?.lockWaitMs ?? 5_000,
      purpose: 'sagebot export',
    });
    return opts.decorate?.ledger ? opts.decorate.ledger(ledger) : ledger;
  };
  const withLedger = async <T>(fn: (ledger: SageLedger) => Promise<T>): Promise<T> => {
    const ledger = await connect();
    try {
      return await fn(ledger);
    } finally {
      await ledger.disconnect().catch((e: unknown) => logger.warn({ err: e }, 'disconnecting from Sage failed'));
    }
  };
  const engine = createExportEngine({
    manage,
    openLedger: connect,
    journal,
    settings,
    lock,
    audit,
    logger: logger.child({ part: 'export' }),
    timeZone: config.timeZone,
    companyKey: config.sage.companyDir,
    now: opts.now,
  });
  const paymentDeps: PaymentSyncDeps = {
    manage,
    withLedger,
    state: paymentSyncState,
    audit,
    settings: () => settings.read(),
    timeZone: config.timeZone,
    now: opts.now,
    logger: logger.child({ part: 'payments' }),
    concurrency: config.manage.concurrency,
  };
  return {
    config,
    folder,
    logger,
    manage,
    ...(sandbox ? { sandbox } : {}),
    sandboxRestored: restored ?? false,
    engine,
    paymentSync: createPaymentSync(paymentDeps),
    audit,
    openLedger: connect,
    withLedger,
    async close() {
      await sandbox?.close();
    },
  };
}
