/**
 * Test world of the export engine: a temporary data folder, an embedded Sage company seeded to match the
 * Manage sandbox's demo data (departments = GL classes, projects, member suppliers), and the composition root
 * (adapters/app/app.ts) with its in-process sandbox — real HTTP on loopback, real SQLite company.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, type AppOptions, createApp } from '../../adapters/app/app.ts';
import { type Config, loadConfig } from '../../core/config.ts';
import { silentLogger } from '../../core/logger.ts';
import type { Sandbox, ScenarioInput } from '../../core/manage/sandbox/index.ts';
import { type CompanySeed, demoSageSeed, exportCompany, initCompany } from '../../core/sage/embedded/index.ts';

export const USER = { id: 'jane', name: 'Jane Doe' };

/** Sage setup matching the demo Manage data (GL classes, projects, member suppliers). */
/** The demo company as the engine tests want it: the shared demo seed, without its pre-created products and licences nominal. */
export function demoSeed(extra: Partial<CompanySeed> = {}): CompanySeed {
  return demoSageSeed({ nominals: [{ code: '2110', name: 'Customer deposits received' }], products: [], ...extra });
}

export interface World {
  dir: string;
  config: Config;
  app: App;
  sageExport(): Record<string, any>;
  close(): Promise<void>;
}

export function worldConfig(dir: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    SAGEBOT_DATA_DIR: join(dir, 'data'),
    SAGE_COMPANY_DIR: join(dir, 'sage'),
    SAGEBOT_USER: USER.name,
    SAGEBOT_TIMEZONE: 'Europe/London',
    SAGEBOT_LOG_LEVEL: 'silent',
    ...env,
  });
}

/** The environment that points sagebot at `sandbox` as a configured Manage (over loopback). */
export function manageEnv(sandbox: Sandbox): Record<string, string> {
  const c = sandbox.credentials;
  return {
    MANAGE_URL: sandbox.url,
    MANAGE_COMPANY_ID: c.companyId,
    MANAGE_CLIENT_ID: c.clientId,
    MANAGE_PUBLIC_KEY: c.publicKey,
    MANAGE_PRIVATE_KEY: c.privateKey,
  };
}

export async function createWorld(
  opts: { seed?: CompanySeed; scenario?: ScenarioInput; app?: AppOptions; env?: Record<string, string> } = {},
): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'sagebot-export-'));
  const config = worldConfig(dir, opts.env);
  await initCompany(config.sage.companyDir, opts.seed ?? demoSeed());
  const app = await createApp(config, silentLogger(), {
    ...opts.app,
    sandbox: { ...(opts.scenario ? { data: opts.scenario } : {}), ...opts.app?.sandbox },
    manageClient: { sleep: async () => undefined, ...opts.app?.manageClient },
  });
  return {
    dir,
    config,
    app,
    sageExport: () => exportCompany(config.sage.companyDir) as Record<string, any>,
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
