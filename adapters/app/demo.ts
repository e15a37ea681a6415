/**
 * Demo mode, decided in one place: when nothing real is configured (the Manage sandbox, the embedded Sage
 * company, anonymous Teams, no Slack) sagebot runs on its demo data. This module holds who may approve then,
 * which data the sandbox serves (the walk-through set), where alerts go, and how the data is reset.
 */
import type { AlertChannelStore } from '../../bot/index.ts';
import { type Config, onEmbeddedDefaults } from '../../core/config.ts';
import type { DataFolder } from '../../core/data-folder.ts';
import { SagebotError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { demoScenario, walkthroughScenario, withDublinCompany } from '../../core/manage/sandbox/index.ts';
import { demoSageSeed, walkthroughSageSeed } from '../../core/sage/embedded/demo-seed.ts';
import { initCompany } from '../../core/sage/embedded/index.ts';
import type { CompanySeed } from '../../core/sage/embedded/seed.ts';
import type { TeamsServer } from '../teams/index.ts';
import type { App } from './app.ts';
import { openAlertChannels } from './stores.ts';

/** What demo mode decides for one start, from the configuration alone. */
export interface DemoMode {
  /** The configuration as the bot uses it (with the demo approver when that rule applies). */
  config: Config;
  /** The local web-chat user is an approver because nobody else is (said in the banner). */
  demoApprover: boolean;
  /** Manage sandbox + embedded Sage: the demo data (seeded company, walk-through, reset). */
  demoData: boolean;
}

/** Decide demo mode for `sagebot start`. */
export function demoMode(c: Config): DemoMode {
  const { config, demoApprover } = withDemoApprover(c);
  return { config, demoApprover, demoData: c.manage.target.kind === 'sandbox' && c.sage.driver === 'embedded' };
}

/** What the demo's reset and walk-through use from the composition root. */
export type DemoApp = Pick<App, 'engine' | 'audit'> &
  Partial<Pick<App, 'sandbox' | 'sandboxRestored' | 'companies' | 'config'>>;

/** The local web-chat user (the demo approver on embedded defaults). */
export const WEBCHAT_USER = { id: 'sagebot-demo', name: 'Demo Approver' } as const;
export const WEBCHAT_APPROVER = `webchat:${WEBCHAT_USER.id}`;

/**
 * The demo approver rule: only on embedded defaults and only when SAGEBOT_APPROVERS is unset does the local
 * web-chat user become an approver (said in the banner). A real deployment never gets an approver silently.
 */
export function withDemoApprover(c: Config): { config: Config; demoApprover: boolean } {
  if (!onEmbeddedDefaults(c) || c.approvers.length > 0) return { config: c, demoApprover: false };
  return { config: { ...c, approvers: [WEBCHAT_APPROVER] }, demoApprover: true };
}

/**
 * Demo mode only: the open web-chat pages receive alerts as if someone had typed "alerts here" in them (said
 * in the banner), so the walk-through shows the payment-sync alert. Registered channels work as always.
 */
export function demoAlertChannels(
  folder: DataFolder,
  teams: Pick<TeamsServer, 'openWebchatConversations'>,
  now: () => Date = () => new Date(),
): AlertChannelStore {
  const stored = openAlertChannels(folder, now);
  const by = { platform: 'webchat' as const, id: WEBCHAT_USER.id, name: WEBCHAT_USER.name };
  return {
    add: (conversation, actor) => stored.add(conversation, actor),
    remove: (key) => stored.remove(key),
    async list() {
      const registered = await stored.list();
      const keys = new Set(registered.map((c) => c.conversation.key));
      const open = teams.openWebchatConversations().filter((c) => !keys.has(c.key));
      return [
        ...registered,
        ...open.map((conversation) => ({ conversation, registeredBy: by, registeredAt: new Date().toISOString() })),
      ];
    },
  };
}

const RESET_ACTOR = { id: 'sagebot-demo-reset', name: 'Demo reset', platform: 'cli' };

/** The demo Sage company (one definition, beside the embedded driver). */
export const DEMO_SAGE_SEED: CompanySeed = demoSageSeed();
/** The walk-through's company (`sagebot start`, Reset demo): the demo company whose customers pay, so the first
 * "sync payments" updates Manage invoices. */
export const WALKTHROUGH_SAGE_SEED: CompanySeed = walkthroughSageSeed();

/**
 * The walk-through data (core/manage/sandbox walkthroughScenario: the demo without the invoices only Manage
 * could fix). Loaded on the first start; a restart keeps the sandbox state from the data folder. Returns the
 * loader the "Reset demo" button uses.
 */
export async function prepareWalkthrough(
  app: DemoApp,
  logger: Logger,
  extraInvoices = 0,
): Promise<(() => void) | undefined> {
  if (!app.sandbox) return undefined;
  const plain = walkthroughScenario(extraInvoices);
  const walkthrough = app.config?.demoData === 'companies' ? withDublinCompany(plain) : plain;
  const load = () => app.sandbox?.load(walkthrough);
  if (!app.sandboxRestored) load();
  logger.info(
    { restored: Boolean(app.sandboxRestored), invoices: walkthrough.invoices.length },
    'demo: walk-through data ready',
  );
  return load;
}

/** Re-initialise the embedded Sage company (its data is replaced by the demo company). */
export async function reinitCompany(config: Config): Promise<void> {
  if (config.sage.driver !== 'embedded') {
    throw new SagebotError({
      code: 'USAGE_DEMO_RESET',
      message: 'The demo reset only works with the embedded Sage company; this one is a real Sage company.',
      fix: 'Unset SAGE_DRIVER (or set it to embedded) to use the demo.',
    });
  }
  await initCompany(config.sage.companyDir, WALKTHROUGH_SAGE_SEED, { force: true, waitMs: 15_000 });
  // The demo's other companies (SAGEBOT_DEMO_DATA=companies): each back to an empty demo company of its own.
  for (const c of config.companies.slice(1)) {
    if (c.sage.driver !== 'embedded') continue;
    const own = { companyName: c.name.slice(0, 60), baseCurrency: c.baseCurrency as 'GBP' | 'EUR' | 'USD' };
    await initCompany(c.sage.companyDir, demoSageSeed(own), { force: true, waitMs: 15_000 });
  }
}

/** The reset behind the web chat's button: sandbox back to the demo scenario, Sage company re-initialised. */
export async function resetDemoData(
  app: DemoApp,
  config: Config,
  logger: Logger,
  reload?: () => void,
): Promise<string> {
  const active = await app.engine.activeRun();
  if (active) {
    throw new SagebotError({
      code: 'DEMO_RESET_BUSY',
      message: 'A batch is being posted right now, so the demo data cannot be reset.',
      fix: 'Wait for the results card, then press Reset demo again.',
    });
  }
  await reinitCompany(config);
  if (reload) reload();
  else if (app.sandbox) {
    // Not reset(): after a restart the sandbox "started" from the state kept in the data folder, not the demo.
    app.sandbox.load(demoScenario());
  }
  await app.audit
    .record({
      action: 'demo-reset',
      actor: RESET_ACTOR,
      details: { sandbox: Boolean(app.sandbox), sageCompany: config.sage.companyDir },
    })
    .catch((e: unknown) => logger.warn({ err: e }, 'demo reset: audit record failed'));
  logger.info('demo data restored');
  return 'Demo data restored: the Manage sandbox has its demo transactions again and the Sage company is back to its demo set-up.';
}
