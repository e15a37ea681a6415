/**
 * The one place that picks a SageLedger driver from the configuration: the embedded stand-in company by
 * default; Sage Data Objects through edge-js when SAGE_DRIVER=sdo on Windows (edge-js is imported lazily, in
 * that branch only). `ensureCompany` creates the embedded company on first use, which `npm start` relies on.
 */
import type { SageConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import { EmbeddedLedger } from './embedded/driver.ts';
import { type InitResult, initCompany } from './embedded/init.ts';
import { companyExists } from './embedded/store.ts';
import { LedgerError } from './errors.ts';
import type { SageLedger } from './ledger.ts';

export interface OpenLedgerOptions {
  /** Connect before returning (default true). */
  connect?: boolean;
  /** Embedded: how long to wait for another program's writer lock (ms). */
  lockWaitMs?: number;
  /** Embedded: what this program is doing, shown to anyone refused with SAGE_IN_USE. */
  purpose?: string;
  /** For tests: the platform to decide on (default process.platform). */
  platform?: string;
}

/** A ledger for `config`, connected with its company folder, user and password unless `connect: false`. */
export async function openLedger(
  config: SageConfig,
  logger: Logger,
  opts: OpenLedgerOptions = {},
): Promise<SageLedger> {
  const ledger =
    config.driver === 'sdo'
      ? await sdoLedger(config, logger, opts.platform ?? process.platform)
      : new EmbeddedLedger({ logger, lockWaitMs: opts.lockWaitMs, purpose: opts.purpose });
  if (opts.connect !== false)
    await ledger.connect({ companyDir: config.companyDir, user: config.user, password: config.password });
  return ledger;
}

async function sdoLedger(config: SageConfig, logger: Logger, platform: string): Promise<SageLedger> {
  if (platform !== 'win32') {
    throw new LedgerError({
      code: 'SAGE_DRIVER_UNAVAILABLE',
      message: `SAGE_DRIVER=sdo needs Windows with Sage 50 Accounts and Sage Data Objects; this machine runs ${platform}.`,
      fix: 'Set SAGE_DRIVER=embedded (the stand-in company) here, or run sagebot on the Windows machine where Sage is installed.',
    });
  }
  const [{ loadEdgeBridge }, { SdoLedger }] = await Promise.all([
    import('./sdo/sdo-loader.ts'),
    import('./sdo/sdo-driver.ts'),
  ]);
  const edge = await loadEdgeBridge(platform);
  return new SdoLedger({ edge, logger, sdoVersion: config.sdoVersion });
}

/**
 * Make sure there is a company to connect to: for the embedded driver, create one with the UK defaults
 * (and `seed`, if given) when the folder holds none. Real Sage companies are never created.
 */
export async function ensureCompany(
  config: SageConfig,
  logger?: Logger,
  seed?: unknown,
): Promise<{ created: boolean; result?: InitResult }> {
  if (config.driver !== 'embedded' || companyExists(config.companyDir)) return { created: false };
  let result: InitResult;
  try {
    result = await initCompany(config.companyDir, seed, { waitMs: 10_000 });
  } catch (e) {
    // Another process created it between our check and our lock: that is what we wanted.
    if ((e as { code?: string }).code === 'SAGE_COMPANY_EXISTS') return { created: false };
    throw e;
  }
  logger?.info({ companyDir: config.companyDir, companyName: result.companyName }, 'created the embedded Sage company');
  return { created: true, result };
}
