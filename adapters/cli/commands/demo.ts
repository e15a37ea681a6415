/**
 * The demo: `sagebot demo reset` restores the demo data so the walk-through can be repeated (the Manage
 * sandbox back to its demo scenario, the embedded Sage company re-initialised with its demo set-up). While
 * `sagebot start` runs, the sandbox lives in that process, so the command asks the running bot to reset
 * (POST /webchat/reset, loopback only); otherwise it re-initialises the Sage company itself (the sandbox
 * starts fresh with the next `start`). Also what `start` uses in demo mode: the demo-approver rule, the demo
 * Sage seed, the walk-through data and the web-chat alerts.
 */
import type { Command } from 'commander';
import type { AlertChannelStore } from '../../../bot/index.ts';
import type { Config } from '../../../core/config.ts';
import { isSagebotError, SagebotError, safeMessage } from '../../../core/errors.ts';
import type { Logger } from '../../../core/logger.ts';
import { demoSageSeed } from '../../../core/sage/embedded/demo-seed.ts';
import type { CompanySeed } from '../../../core/sage/embedded/seed.ts';
import type { TeamsServer } from '../../teams/index.ts';
import type { App, AppOptions } from '../app.ts';
import { type CliContext, EXIT } from '../context.ts';

/** What `start` and the reset use from the composition root. */
export type StartApp = Pick<App, 'engine' | 'paymentSync' | 'audit' | 'close'> &
  Partial<Pick<App, 'sandbox' | 'sandboxRestored'>> & { sandboxUrl?: string };

/** The local web-chat user (the demo approver on embedded defaults). */
export const WEBCHAT_USER = { id: 'sagebot-demo', name: 'Demo Approver' } as const;
export const WEBCHAT_APPROVER = `webchat:${WEBCHAT_USER.id}`;

/** True when nothing real is configured: sandbox Manage, embedded Sage, anonymous Teams, no Slack. */
export function onEmbeddedDefaults(c: Config): boolean {
  return c.manage.target.kind === 'sandbox' && c.sage.driver === 'embedded' && !c.teams.appId && !c.slack;
}

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
export async function demoAlertChannels(
  config: Config,
  teams: Pick<TeamsServer, 'openWebchatConversations'>,
): Promise<AlertChannelStore> {
  const { join } = await import('node:path');
  const { openAlertChannelStore } = await import('../../../storage/alert-channels.ts');
  const stored = openAlertChannelStore(join(config.dataDir, 'bot', 'alert-channels.json'));
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

/**
 * The walk-through data (core/manage/sandbox walkthroughScenario: the demo without the invoices only Manage
 * could fix). Loaded on the first start; a restart keeps the sandbox state from the data folder. Returns the
 * loader the "Reset demo" button uses.
 */
export async function prepareWalkthrough(
  app: StartApp & { sandboxRestored?: boolean },
  logger: Logger,
  extraInvoices = 0,
): Promise<(() => void) | undefined> {
  if (!app.sandbox) return undefined;
  const { walkthroughScenario } = await import('../../../core/manage/sandbox/index.ts');
  const walkthrough = walkthroughScenario(extraInvoices);
  const load = () => app.sandbox?.load(walkthrough);
  if (!app.sandboxRestored) load();
  logger.info(
    { restored: Boolean(app.sandboxRestored), invoices: walkthrough.invoices.length },
    'demo: walk-through data ready',
  );
  return load;
}

/** The composition root, loaded when needed (so `sagebot --help` does not open anything). */
export async function loadApp(
  config: Config,
  logger: Logger,
  opts: AppOptions & { demo?: boolean } = {},
): Promise<StartApp & { created?: boolean }> {
  const { ensureCompany } = await import('../../../core/sage/open-ledger.ts');
  const { created } = await ensureCompany(config.sage, logger, opts.demo ? DEMO_SAGE_SEED : undefined);
  const { createApp } = await import('../app.ts');
  const app = await createApp(config, logger, opts);
  return Object.assign(app, { sandboxUrl: app.sandbox?.url, created });
}

/** Re-initialise the embedded Sage company (its data is replaced by the demo company). */
async function reinitCompany(config: Config): Promise<void> {
  if (config.sage.driver !== 'embedded') {
    throw new SagebotError({
      code: 'USAGE_DEMO_RESET',
      message: 'The demo reset only works with the embedded Sage company; this one is a real Sage company.',
      fix: 'Unset SAGE_DRIVER (or set it to embedded) to use the demo.',
    });
  }
  const { initCompany } = await import('../../../core/sage/embedded/index.ts');
  await initCompany(config.sage.companyDir, DEMO_SAGE_SEED, { force: true, waitMs: 15_000 });
}

/** The reset behind the web chat's button: sandbox back to the demo scenario, Sage company re-initialised. */
export async function resetDemoData(
  app: StartApp,
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
    const { demoScenario } = await import('../../../core/manage/sandbox/index.ts');
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

export function register(program: Command, ctx: CliContext): void {
  const demo = program.command('demo').description('The demo data used on embedded defaults.');
  demo
    .command('reset')
    .description(
      'Restore the demo data: Manage sandbox transactions unposted again, embedded Sage company re-initialised.',
    )
    .action(async () => {
      process.exitCode = await demoReset(ctx);
    });
}

/** Ask a running `sagebot start` on this machine to reset; undefined when none is listening. */
async function resetRunningBot(config: Config): Promise<{ ok: boolean; message: string } | undefined> {
  const host = config.teams.host.includes(':') ? `[${config.teams.host}]` : config.teams.host;
  try {
    const res = await fetch(`http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${config.teams.port}/webchat/reset`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
      signal: AbortSignal.timeout(60_000),
    });
    if (res.status === 404)
      return {
        ok: false,
        message:
          'The running sagebot is not on the demo data (Manage, Sage or Teams is configured), so it has nothing to reset.',
      };
    return (await res.json()) as { ok: boolean; message: string };
  } catch (e) {
    const code = (e as { cause?: { code?: string } }).cause?.code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EADDRNOTAVAIL') return undefined;
    throw e;
  }
}

export async function demoReset(ctx: CliContext): Promise<number> {
  const config = ctx.config();
  try {
    if (config.manage.target.kind !== 'sandbox' || config.sage.driver !== 'embedded') {
      throw new SagebotError({
        code: 'USAGE_DEMO_RESET',
        message: 'The demo reset works only on the demo data (the Manage sandbox and the embedded Sage company).',
        fix: 'Unset MANAGE_URL and SAGE_DRIVER to use the demo.',
      });
    }
    const running = config.teams.appId ? undefined : await resetRunningBot(config);
    if (running) {
      (running.ok ? ctx.out : ctx.err)(running.message);
      return running.ok ? EXIT.ok : EXIT.failed;
    }
    await reinitCompany(config);
    const { rmSync } = await import('node:fs');
    const { demoSandboxPaths } = await import('../demo-sandbox.ts');
    rmSync(demoSandboxPaths(config.dataDir).state, { force: true }); // the next start loads the walk-through again
    ctx.out(
      `Demo data restored: the Sage company in ${config.sage.companyDir} is back to the demo company; the Manage sandbox starts with its demo transactions at the next "sagebot start".`,
    );
    return EXIT.ok;
  } catch (e) {
    ctx.err(`sagebot demo reset: ${isSagebotError(e) ? e.userMessage : safeMessage(e)}`);
    return isSagebotError(e) && e.code.startsWith('USAGE') ? EXIT.usage : EXIT.failed;
  }
}
