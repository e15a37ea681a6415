/**
 * The whole of `sagebot start`, composed from the configuration: the App (Manage, Sage, engine, stores), the
 * Teams server (with the local web chat when anonymous), the bot with its stores, Slack when configured, the
 * schedules, and in demo mode the demo's data, approver and alerts. The end-to-end harnesses and the benchmark
 * start the same thing; only the CLI's banner and signal handling stay in adapters/cli/commands/start.ts.
 */
import type { Conversation, MessageRef, Messenger, OutgoingMessage, Platform, SagebotBot } from '../../bot/index.ts';
import { type ScheduleOverrides, type Schedules, startSchedules } from '../../bot/index.ts';
import { renderAdaptiveCard } from '../../cards/index.ts';
import type { Config } from '../../core/config.ts';
import { SagebotError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { ensureCompany } from '../../core/sage/open-ledger.ts';
import { type AuthOverrides, checkTeamsConfig, createTeamsServer, type TeamsServer } from '../teams/index.ts';
import { type App, type AppOptions, createApp } from './app.ts';
import { createAppBot } from './bot.ts';
import { type DemoMode, demoAlertChannels, prepareWalkthrough, resetDemoData, WALKTHROUGH_SAGE_SEED } from './demo.ts';
import { advertiseSandbox } from './demo-sandbox.ts';
import { type StartMode, startMode } from './start-mode.ts';

export interface StartBotOptions {
  /** Demo mode as decided for this start (demo.ts demoMode); without it the configuration is taken as it is. */
  demo?: DemoMode;
  app?: AppOptions;
  /** false: never serve the local web chat. Default: as start-mode.ts decides from the configuration. */
  webchat?: boolean;
  /** Bot Framework endpoints and credentials other than Microsoft's public cloud (tests). */
  auth?: AuthOverrides;
  progressIntervalMs?: number;
  /** The bot's click deadline (bot/deadline.ts); default the bot's. */
  actionDeadlineMs?: number;
  /** The schedules' clock and how often the data folder is read (tests fire schedules by hand). */
  schedules?: ScheduleOverrides;
  /** Where download links point, given the local address; default SAGEBOT_PUBLIC_URL or that address on localhost. */
  downloadsBaseUrl?: (url: string) => string;
}

export interface RunningBot {
  config: Config;
  /** How Teams and the web chat are served (start-mode.ts), for the banner. */
  mode: StartMode;
  app: App & { sandboxUrl?: string; created: boolean };
  bot: SagebotBot;
  teams: TeamsServer;
  slack?: { stop(): Promise<void> };
  schedules: Schedules;
  /** http://127.0.0.1:<port> (or the configured host) of the Teams server. */
  url: string;
  port: number;
  /** Stops receiving first, then lets background work finish, then closes the App. */
  close(): Promise<void>;
}

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

async function openApp(config: Config, logger: Logger, o: StartBotOptions): Promise<RunningBot['app']> {
  const demoData = o.demo?.demoData ?? false;
  const { created } = await ensureCompany(config.sage, logger, demoData ? WALKTHROUGH_SAGE_SEED : undefined);
  const app = await createApp(config, logger, { demoState: demoData, ...o.app });
  return Object.assign(app, { sandboxUrl: app.sandbox?.url, created });
}

export async function startBot(given: Config, logger: Logger, o: StartBotOptions = {}): Promise<RunningBot> {
  const config = o.demo?.config ?? given;
  checkTeamsConfig(config.teams); // refuse before anything listens
  const app = await openApp(config, logger, o);
  const started: { teams?: TeamsServer } = {};
  try {
    return await assemble(config, app, o, started);
  } catch (e) {
    await started.teams?.close().catch(() => undefined);
    await app.close().catch(() => undefined);
    throw e;
  }
}

async function assemble(
  config: Config,
  app: RunningBot['app'],
  o: StartBotOptions,
  started: { teams?: TeamsServer },
): Promise<RunningBot> {
  const { logger } = app;
  const demoApprover = o.demo?.demoApprover ?? false;
  const demoData = o.demo?.demoData ?? false;
  // Embedded defaults serve the walk-through data (the demo without the invoices only Manage could fix), whoever
  // approves, so the same commands behave the same way; SAGEBOT_DEMO_DATA=full serves every broken record.
  const walkthrough = config.demoData === 'walkthrough' || config.demoData === 'companies';
  const reloadDemo = demoData && walkthrough ? await prepareWalkthrough(app, logger) : undefined;
  const routes: Partial<Record<Platform, Messenger>> = {};
  const mode = startMode(config, o.webchat);
  const teams = createTeamsServer({
    teams: config.teams,
    dataDir: config.dataDir,
    logger,
    render: renderAdaptiveCard,
    audit: app.audit,
    ...(o.auth ? { auth: o.auth } : {}),
    webchat: mode.webchat
      ? {
          user: mode.webchat,
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
  if (demoData && app.sandbox) shareSandbox(app, app.sandbox.url);
  const local = url.replace('://127.0.0.1:', '://localhost:');
  const bot = createAppBot(app, {
    messenger: routingMessenger(routes),
    config,
    downloadsBaseUrl: o.downloadsBaseUrl ? o.downloadsBaseUrl(url) : (config.teams.publicUrl ?? local),
    ...(demoApprover ? { stores: { alertChannels: demoAlertChannels(app.folder, teams) } } : {}),
    ...(o.progressIntervalMs !== undefined ? { progressIntervalMs: o.progressIntervalMs } : {}),
    ...(o.actionDeadlineMs !== undefined ? { actionDeadlineMs: o.actionDeadlineMs } : {}),
  });
  teams.attach(bot, bot.downloads.resolver);
  const slack = config.slack ? await startSlack(config, bot, routes, logger) : undefined;
  const schedules = startSchedules(bot, o.schedules);
  const running: RunningBot = {
    config,
    mode,
    app,
    bot,
    teams,
    slack,
    schedules,
    url,
    port,
    close: () => shutdown(running),
  };
  return running;
}

/** Let the other `sagebot` commands on this data folder use this sandbox while the bot runs (demo-sandbox.ts). */
function shareSandbox(app: App, url: string): void {
  const withdraw = advertiseSandbox(app.folder, url);
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

/** Slack is loaded only when configured: bolt is a large import that a Teams-only start does not need. */
async function startSlack(
  config: Config,
  bot: SagebotBot,
  routes: Partial<Record<Platform, Messenger>>,
  logger: Logger,
): Promise<{ stop(): Promise<void> }> {
  const { startSlack } = await import('../slack/index.ts');
  return startSlack({
    config,
    logger,
    bot: (messenger: Messenger) => {
      routes.slack = messenger;
      return bot;
    },
  });
}

async function shutdown(r: RunningBot): Promise<void> {
  const logger = r.app.logger;
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
