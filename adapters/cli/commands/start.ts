/**
 * `sagebot start` (= `npm start`): the bot with everything it talks to. Each part is the real thing as soon as
 * its settings are present and an embedded stand-in otherwise: Manage (sandbox with demo data), Sage (an
 * embedded company kept in the data folder), Teams (anonymous on loopback, with the local web chat at
 * http://localhost:3978/), Slack (only when configured). Resumes interrupted runs, starts the schedules,
 * prints what runs where, and closes cleanly on Ctrl-C / SIGTERM.
 */
import type { Command } from 'commander';
import type { Conversation, MessageRef, Messenger, OutgoingMessage, Platform } from '../../../bot/events.ts';
import type { SagebotBot } from '../../../bot/index.ts';
import { type Config, describeConfig } from '../../../core/config.ts';
import { isSagebotError, SagebotError } from '../../../core/errors.ts';
import type { Logger } from '../../../core/logger.ts';
import type { TeamsServer } from '../../teams/index.ts';
import { type CliContext, EXIT } from '../context.ts';
import { advertiseSandbox } from '../demo-sandbox.ts';
import {
  demoAlertChannels,
  loadApp,
  prepareWalkthrough,
  resetDemoData,
  type StartApp,
  WEBCHAT_APPROVER,
  WEBCHAT_USER,
  withDemoApprover,
} from './demo.ts';

export { onEmbeddedDefaults, WEBCHAT_APPROVER, WEBCHAT_USER, withDemoApprover } from './demo.ts';

/** Sends through the adapter that owns the conversation's platform. */
function routingMessenger(routes: Partial<Record<Platform, Messenger>>): Messenger {
  const pick = (platform: Platform): Messenger => {
    const m = routes[platform];
    if (!m)
      throw new SagebotError({
        code: 'MESSENGER_UNAVAILABLE',
        message: `sagebot is not connected to ${platform} in this run, so it cannot post there.`,
        fix: 'Configure that platform and restart sagebot, or register alerts in a chat that is connected.',
      });
    return m;
  };
  return {
    send: (conversation: Conversation, message: OutgoingMessage) =>
      pick(conversation.platform).send(conversation, message),
    update: (ref: MessageRef, message: OutgoingMessage) => pick(ref.platform).update(ref, message),
  };
}

/**
 * restify 11 (the last release that runs on Node 20) loads spdy/http-deceiver, which touches
 * process.binding('http_parser') and makes Node print DEP0111 at every start; it is harmless and not ours
 * to fix, so the start-up banner is spared it. Any other warning still prints.
 */
async function withoutDep0111<T>(load: () => Promise<T>): Promise<T> {
  const emit = process.emitWarning;
  process.emitWarning = function filtered(this: unknown, warning: string | Error, ...rest: unknown[]) {
    const code = typeof rest[0] === 'object' && rest[0] ? (rest[0] as { code?: string }).code : rest[1];
    if (code === 'DEP0111') return;
    return (emit as (...a: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    return await load();
  } finally {
    process.emitWarning = emit;
  }
}

interface Running {
  teams: TeamsServer;
  bot: SagebotBot;
  app: StartApp;
  slack?: { stop(): Promise<void> };
  url: string;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('start')
    .description(
      'Start the bot: Teams on /api/messages (and the local web chat on embedded defaults), Slack when configured, schedules.',
    )
    .action(async () => {
      process.exitCode = await start(ctx);
    });
}

export async function start(ctx: CliContext, signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM']): Promise<number> {
  let running: Running;
  try {
    running = await launch(ctx);
  } catch (e) {
    if (isSagebotError(e)) {
      ctx.err(`sagebot start: ${e.userMessage} [${e.code}]`);
      return e.code.startsWith('USAGE') || e.code.startsWith('TEAMS_') ? EXIT.usage : EXIT.failed;
    }
    throw e;
  }
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      for (const s of signals) process.off(s, stop);
      ctx.out(`\n${signal}: stopping sagebot…`);
      resolve();
    };
    for (const s of signals) process.on(s, stop);
  });
  await shutdown(running, ctx.logger());
  ctx.out('sagebot stopped.');
  return EXIT.ok;
}

type Modules = [
  typeof import('../../teams/index.ts'),
  typeof import('../../../cards/index.ts'),
  typeof import('../../../bot/index.ts'),
];

/** What this start is made of, decided from the configuration before anything runs. */
interface Plan {
  ctx: CliContext;
  config: Config;
  logger: Logger;
  demoApprover: boolean;
  /** Manage sandbox + embedded Sage: the demo data (seeded company, walk-through, reset). */
  demoData: boolean;
  anonymous: boolean;
  modules: Modules;
}

async function launch(ctx: CliContext): Promise<Running> {
  const logger = ctx.logger();
  const { config, demoApprover } = withDemoApprover(ctx.config());
  // Loaded here, not at module load: every `sagebot` command imports this file to register it.
  const modules: Modules = await withoutDep0111(() =>
    Promise.all([import('../../teams/index.ts'), import('../../../cards/index.ts'), import('../../../bot/index.ts')]),
  );
  modules[0].checkTeamsConfig(config.teams); // refuse before anything listens
  const demoData = config.manage.target.kind === 'sandbox' && config.sage.driver === 'embedded';
  const plan: Plan = { ctx, config, logger, demoApprover, demoData, anonymous: !config.teams.appId, modules };
  const app: StartApp & { created?: boolean } = await loadApp(config, logger, { demo: demoData, demoState: demoData });
  const started: { teams?: TeamsServer } = {};
  try {
    return await assemble(plan, app, started);
  } catch (e) {
    await started.teams?.close().catch(() => undefined);
    await app.close().catch(() => undefined);
    throw e;
  }
}

async function assemble(
  plan: Plan,
  app: StartApp & { created?: boolean },
  started: { teams?: TeamsServer },
): Promise<Running> {
  const { ctx, config, logger, demoApprover, demoData } = plan;
  const [{ createTeamsServer }, { renderAdaptiveCard }, { createBot, startSchedules }] = plan.modules;
  // Embedded defaults serve the walk-through data (the demo without the invoices only Manage could fix), whoever
  // approves, so the same commands behave the same way; SAGEBOT_DEMO_DATA=full serves every broken record.
  const reloadDemo = demoData && config.demoData === 'walkthrough' ? await prepareWalkthrough(app, logger) : undefined;
  const routes: Partial<Record<Platform, Messenger>> = {};
  const teams = createTeamsServer({
    teams: config.teams,
    dataDir: config.dataDir,
    logger,
    render: renderAdaptiveCard,
    webchat: plan.anonymous
      ? {
          user: { ...WEBCHAT_USER },
          notice: demoApprover
            ? 'Demo mode: Manage sandbox and an embedded Sage company. You are an approver.'
            : 'Local web chat.',
          ...(demoData ? { onReset: () => resetDemoData(app, config, logger, reloadDemo) } : {}),
        }
      : false,
  });
  started.teams = teams;
  routes.teams = teams.messenger;
  routes.webchat = teams.messenger;
  // Listening first (turns get "still starting" for a moment), so the bot's start-up recovery can update cards.
  const { url, port } = await listenOrExplain(teams, config);
  if (demoData && app.sandbox) shareSandbox(app, config.dataDir, app.sandbox.url);
  const local = url.replace('://127.0.0.1:', '://localhost:');
  const stores = demoApprover ? { alertChannels: await demoAlertChannels(config, teams) } : undefined;
  const bot = createBot({
    engine: app.engine,
    paymentSync: app.paymentSync,
    audit: app.audit,
    messenger: routingMessenger(routes),
    config,
    logger,
    downloadsBaseUrl: config.teams.publicUrl ?? local,
    ...(stores ? { stores } : {}),
  });
  teams.attach(bot, (token) => bot.downloads.resolveDownload(token));
  const slack = config.slack ? await startSlackIfPresent(config, bot, routes, logger) : undefined;
  const schedules = startSchedules(bot);
  printBanner(ctx, {
    config,
    url: local,
    port,
    teams,
    demoApprover,
    demoData,
    slack: Boolean(slack),
    nextSync: schedules.nextRun(),
    app,
  });
  void resumeInterrupted(app, ctx, logger);
  return { teams, bot, app, slack, url };
}

/** Let the other `sagebot` commands on this data folder use this sandbox while the bot runs (demo-sandbox.ts). */
function shareSandbox(app: StartApp, dataDir: string, url: string): void {
  const withdraw = advertiseSandbox(dataDir, url);
  process.once('exit', withdraw);
  const close = app.close.bind(app);
  app.close = async () => {
    withdraw();
    await close();
  };
}

async function listenOrExplain(teams: TeamsServer, config: Config): Promise<{ url: string; port: number }> {
  try {
    return await teams.listen();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SagebotError({
      code: 'START_LISTEN_FAILED',
      message:
        code === 'EADDRINUSE'
          ? `Port ${config.teams.port} on ${config.teams.host} is already in use (is sagebot already running?).`
          : `sagebot could not listen on ${config.teams.host}:${config.teams.port} (${code ?? (e as Error).message}).`,
      fix: 'Stop the other program or set PORT to a free port.',
      cause: e,
    });
  }
}

async function startSlackIfPresent(
  config: Config,
  bot: SagebotBot,
  routes: Partial<Record<Platform, Messenger>>,
  logger: Logger,
): Promise<{ stop(): Promise<void> } | undefined> {
  const mod = (await import('../../slack/index.ts')) as {
    startSlack?: (o: { config: Config; bot: unknown; logger: Logger }) => Promise<{ stop(): Promise<void> }>;
  };
  if (!mod.startSlack) return undefined;
  return mod.startSlack({
    config,
    logger,
    bot: (messenger: Messenger) => {
      routes.slack = messenger;
      return bot;
    },
  });
}

async function resumeInterrupted(app: StartApp, ctx: CliContext, logger: Logger): Promise<void> {
  try {
    const results = await app.engine.resume();
    if (results.length)
      ctx.out(
        `Resumed ${results.length} interrupted run(s): ${results.map((r) => `${r.batch} ${r.outcome}`).join(', ')}.`,
      );
  } catch (e) {
    logger.error({ err: e }, 'start: resuming interrupted runs failed');
    ctx.err(
      `sagebot start: could not resume interrupted runs: ${isSagebotError(e) ? e.userMessage : (e as Error).message}`,
    );
  }
}

interface BannerFacts {
  config: Config;
  url: string;
  port: number;
  teams: TeamsServer;
  demoApprover: boolean;
  demoData: boolean;
  slack: boolean;
  nextSync?: Date;
  app: StartApp & { created?: boolean };
}

function printBanner(ctx: CliContext, f: BannerFacts): void {
  const c = f.config;
  const described = describeConfig(c);
  const lines = [
    'sagebot is running.',
    `  Manage:    ${c.manage.target.kind === 'sandbox' ? `embedded sandbox with demo data${f.app.sandboxUrl ? ` at ${f.app.sandboxUrl}` : ''}` : described.Manage}`,
    `  Sage:      ${c.sage.driver === 'embedded' ? `embedded company in ${c.sage.companyDir} (${f.app.created ? 'created now' : 'kept from an earlier start'})` : `Sage Data Objects, company ${c.sage.companyDir}`}`,
    `  Teams:     POST ${f.url}/api/messages ${c.teams.appId ? `(bot ${c.teams.appId}, ${c.teams.appType})` : '(anonymous: loopback only, no MicrosoftAppId)'}`,
  ];
  if (f.teams.webchat) lines.push(`  Web chat:  ${f.url}/   (open it in a browser)`);
  else lines.push('  Web chat:  off (MicrosoftAppId is set: /api/messages only accepts Bot Framework requests)');
  lines.push(`  Slack:     ${f.slack ? described.Slack : 'not configured'}`);
  lines.push(`  Data:      ${c.dataDir}`);
  lines.push(
    `  Payment sync schedule: ${c.paymentSyncCron ? `${c.paymentSyncCron} (${c.timeZone}), next ${f.nextSync?.toISOString() ?? 'unknown'}` : 'none (SAGEBOT_PAYMENT_SYNC_CRON not set)'}`,
  );
  if (f.demoApprover) {
    lines.push(
      `  Approvers: DEMO MODE: the web-chat user "${WEBCHAT_USER.name}" (${WEBCHAT_APPROVER}) is an approver, because SAGEBOT_APPROVERS is not set and everything runs on embedded defaults.`,
    );
  } else {
    lines.push(
      `  Approvers: ${c.approvers.length ? c.approvers.join(', ') : 'none (SAGEBOT_APPROVERS is not set: nobody can approve)'}${c.fourEyes ? '; four-eyes on' : ''}`,
    );
  }
  if (f.demoApprover)
    lines.push(
      '  Alerts:    DEMO MODE: open web-chat pages receive batch and payment-sync alerts (elsewhere: type "alerts here").',
    );
  if (f.demoData) {
    lines.push(
      f.config.demoData === 'walkthrough'
        ? '  Demo data: the walk-through set: invoices and inventory post cleanly; expenses keep deliberate mapping problems (SAGEBOT_DEMO_DATA=full adds the broken invoices).'
        : '  Demo data: the full demo set, including invoices and expenses with deliberate mapping problems.',
    );
    lines.push('             Press "Reset demo" in the web chat or run "sagebot demo reset" to start again.');
  }
  lines.push('Press Ctrl-C to stop.');
  for (const l of lines) ctx.out(l);
}

async function shutdown(r: Running, logger: Logger): Promise<void> {
  const step = async (name: string, fn: () => Promise<unknown> | unknown, ms = 10_000) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(fn),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`${name} took longer than ${ms} ms`)), ms);
        }),
      ]);
    } catch (e) {
      logger.warn({ err: e }, `stop: ${name}`);
    } finally {
      clearTimeout(timer);
    }
  };
  await step('teams', () => r.teams.close());
  if (r.slack) await step('slack', () => r.slack!.stop());
  await step('bot', () => r.bot.close(), 30_000);
  await step('app', () => r.app.close());
}
