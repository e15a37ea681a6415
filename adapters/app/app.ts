/**
 * The core half of the composition root: builds the Manage client (and the in-process sandbox when no MANAGE_URL is set), the
 * Sage ledger opener, the stores under config.dataDir, the export engine, the payment sync and the audit log,
 * for every command and for the bot. Lazy: nothing connects until used — Manage is reached on the first
 * request, and the Sage company is opened per operation and closed after it (the embedded company is
 * exclusive per process, so `sagebot ledger receipt` can run whenever the bot is idle).
 */
import type { AuditLog } from '../../core/audit.ts';
import type { CompanyConfig, Config, ManageConfig } from '../../core/config.ts';
import { type CompanyFolder, companyFolder, type DataFolder, dataFolder } from '../../core/data-folder.ts';
import { createExportEngine, type SagebotExportEngine } from '../../core/export/engine.ts';
import type { Logger } from '../../core/logger.ts';
import type { ManageClient } from '../../core/manage/api.ts';
import { createManageClient, type ManageClientOptions } from '../../core/manage/client.ts';
import type { Sandbox, SandboxOptions } from '../../core/manage/sandbox/index.ts';
import { createPaymentSync, type PaymentSyncDeps } from '../../core/payments/sync.ts';
import type { PaymentSyncService } from '../../core/payments/types.ts';
import { demoSageSeed } from '../../core/sage/embedded/demo-seed.ts';
import type { CompanySeed } from '../../core/sage/embedded/seed.ts';
import type { SageLedger } from '../../core/sage/ledger.ts';
import { ensureCompany, openLedger } from '../../core/sage/open-ledger.ts';
import { openAudit, openCompanyStores } from './stores.ts';

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

/** One Sage company's half of the App: its engine, payment sync and ledger, over its own stores. */
export interface CompanyApp {
  company: CompanyConfig;
  /** Its runs, lock, settings and payment-sync history (the default company's are today's paths). */
  folder: CompanyFolder;
  engine: SagebotExportEngine;
  paymentSync: PaymentSyncService;
  openLedger(): Promise<SageLedger>;
  withLedger<T>(fn: (ledger: SageLedger) => Promise<T>): Promise<T>;
}

export interface App {
  config: Config;
  /** Every configured Sage company, the default first (one unless SAGEBOT_COMPANIES lists several). */
  companies: CompanyApp[];
  /** Where everything under the data folder lives. */
  folder: DataFolder;
  logger: Logger;
  manage: ManageClient;
  /** True when the in-process sandbox was loaded from the state kept in the data folder. */
  sandboxRestored: boolean;
  /** The in-process Manage sandbox, when config.manage.target is the sandbox. */
  sandbox?: Sandbox;
  /** The default company's engine and payment sync (= companies[0]). */
  engine: SagebotExportEngine;
  paymentSync: PaymentSyncService;
  audit: AuditLog;
  /** The default company's ledger: a connected ledger; the caller disconnects it. */
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
  // Loaded only here: a configured Manage never needs the sandbox's modules (and their demo data) at start.
  const [{ createSandbox, walkthroughScenario, withDublinCompany }, { persistedSandboxOptions, runningSandbox }] =
    await Promise.all([import('../../core/manage/sandbox/index.ts'), import('./demo-sandbox.ts')]);
  const folder = dataFolder(config.dataDir);
  const shared = opts.demoState && !opts.sandbox ? await runningSandbox(folder, config.manage) : undefined;
  if (shared) return { manageConfig: shared };
  const fresh =
    config.demoData === 'walkthrough'
      ? walkthroughScenario()
      : config.demoData === 'companies'
        ? withDublinCompany(walkthroughScenario())
        : undefined;
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
  const audit = openAudit(folder);
  const companies = config.companies.map((company) =>
    createCompanyApp(config, company, { manage, folder, audit, logger, opts, demo: Boolean(sandbox) }),
  );
  const first = companies[0];
  return {
    config,
    companies,
    folder,
    logger,
    manage,
    ...(sandbox ? { sandbox } : {}),
    sandboxRestored: restored ?? false,
    engine: first.engine,
    paymentSync: first.paymentSync,
    audit,
    openLedger: first.openLedger,
    withLedger: first.withLedger,
    async close() {
      await sandbox?.close();
    },
  };
}

interface Shared {
  manage: ManageClient;
  folder: DataFolder;
  audit: AuditLog;
  logger: Logger;
  opts: AppOptions;
  /** Manage is the demo sandbox: an embedded company is created with the demo's seed. */
  demo: boolean;
}

/** One company: its ledger opener, stores (its own folder) and engine and payment sync on the shared Manage. */
function createCompanyApp(config: Config, company: CompanyConfig, shared: Shared): CompanyApp {
  const { manage, audit, opts } = shared;
  const several = config.companies.length > 1;
  const logger = several ? shared.logger.child({ company: company.id }) : shared.logger;
  const own = companyFolder(shared.folder, company);
  const { journal, lock, settings, paymentSyncState } = openCompanyStores(own);
  const sageLogger = logger.child({ part: 'sage' });
  const seed = embeddedSeed(company, shared.demo, several);
  const connect = async (): Promise<SageLedger> => {
    await ensureCompany(company.sage, sageLogger, seed);
    const ledger = await openLedger(company.sage, sageLogger, {
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
    companyKey: company.sage.companyDir,
    ...(several ? { routing: { companyId: company.id, companies: config.companies } } : {}),
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
    company,
    folder: own,
    engine,
    paymentSync: createPaymentSync(paymentDeps),
    openLedger: connect,
    withLedger,
  };
}

/**
 * What a new embedded company starts with: on the demo, the demo's seed (a second company with its own name and
 * base currency); otherwise the UK defaults, with the configured base currency when several companies exist.
 */
function embeddedSeed(company: CompanyConfig, demo: boolean, several: boolean): CompanySeed | undefined {
  const own = several ? { companyName: company.name.slice(0, 60), baseCurrency: baseOf(company) } : {};
  if (demo) return company.isDefault ? demoSageSeed() : demoSageSeed(own);
  return several && !company.isDefault ? own : undefined;
}

function baseOf(company: CompanyConfig): CompanySeed['baseCurrency'] {
  return company.baseCurrency === 'EUR' || company.baseCurrency === 'USD' ? company.baseCurrency : 'GBP';
}
