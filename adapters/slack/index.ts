/**
 * The Slack adapter: @slack/bolt over HTTP (`POST /slack/events`, signed requests) or Socket Mode (when an
 * app-level token is set: no inbound port, the natural choice behind a firewall). It only translates Slack
 * traffic to bot events and renders the bot's answers; every decision is the bot's.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, type CustomRoute, HTTPReceiver, type Receiver, SocketModeReceiver, webApi } from '@slack/bolt';
import type { Bot, Messenger } from '../../bot/events.ts';
import type { Config, SlackConfig } from '../../core/config.ts';
import { SagebotError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { registerActionListeners } from './actions.ts';
import { boltLogger, fromPino } from './bolt-logger.ts';
import type { SlackContext } from './context.ts';
import { installGate } from './gate.ts';
import { registerMessageListeners } from './messages.ts';
import { createSlackMessenger, describeSlackError, type SlackMessenger, slackErrorCode } from './messenger.ts';
import { createNameResolver } from './names.ts';
import { createSlackRenderer } from './render.ts';
import type { SlackRenderer } from './render-types.ts';
import { type DownloadResolver, slackRoutes } from './routes.ts';

export type { SlackMessenger } from './messenger.ts';
export { createSlackMessenger } from './messenger.ts';
export type { DownloadResolver } from './routes.ts';

/** Where Slack sends events, commands and interactions in HTTP mode. */
export const SLACK_EVENTS_PATH = '/slack/events';

export interface StartSlackOptions {
  /** The whole configuration; `config.slack` must be set. Listens on `config.teams.host` (SAGEBOT_HOST). */
  config: Config;
  /** The bot, or a factory that gets the Slack messenger (progress, results and alerts go through it). */
  bot: Bot | ((messenger: Messenger) => Bot | Promise<Bot>);
  logger: Logger;
  /** Override the HTTP port (tests pass 0 for an ephemeral one). Default `config.slack.port`. */
  port?: number;
  /** Override the listen address. Default `config.teams.host` (127.0.0.1 unless SAGEBOT_HOST says otherwise). */
  host?: string;
  /** Extra Web API client options (tests: a bounded `retryConfig`). */
  clientOptions?: webApi.WebClientOptions;
  /** Minimum gap between chat.update calls per channel (default 1000 ms). */
  minUpdateIntervalMs?: number;
  /** Look up display names with users.info (default true). */
  resolveNames?: boolean;
  /** Block Kit renderer; default: cards/ renderBlockKit (createSlackRenderer). */
  renderer?: SlackRenderer;
  /** Socket Mode client options (tests point it at a loopback fake). */
  socketOptions?: { clientPingTimeout?: number; serverPingTimeout?: number; autoReconnectEnabled?: boolean };
  /**
   * HTTP mode: serve the bot's download links at GET /downloads/<token>. Default: the bot's own registry
   * (`bot.downloads.resolveDownload`) when it has one.
   */
  downloads?: DownloadResolver;
}

export interface SlackHandle {
  app: App;
  messenger: SlackMessenger;
  bot: Bot;
  mode: 'http' | 'socket';
  /** The HTTP port actually listened on (HTTP mode). */
  port?: number;
  botUserId?: string;
  /** Resolves when all work started by Slack traffic so far has finished (tests). */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export async function startSlack(opts: StartSlackOptions): Promise<SlackHandle> {
  const slack = opts.config.slack;
  if (!slack)
    throw new SagebotError({
      code: 'SLACK_NOT_CONFIGURED',
      message: 'Slack is not configured.',
      fix: 'Set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode).',
    });
  const logger = opts.logger.child({ adapter: 'slack' });
  const blog = boltLogger(logger);
  const clientOptions: webApi.WebClientOptions = {
    retryConfig: webApi.retryPolicies.fiveRetriesInFiveMinutes,
    ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
    ...opts.clientOptions,
    logger: blog,
  };
  const identity = await whoAmI(slack, clientOptions, logger);
  const mode = slack.appToken ? 'socket' : 'http';
  let resolveDownload: DownloadResolver | undefined = opts.downloads;
  const receiver =
    mode === 'socket'
      ? socketReceiver(slack, clientOptions, blog, opts)
      : httpReceiver(
          slack,
          blog,
          slackRoutes((token) => resolveDownload?.(token), logger),
        );
  const app = new App({
    token: slack.botToken,
    // Known ids (even empty) keep bolt from calling auth.test again, once per event, when verification is off.
    botId: identity.botId ?? '',
    botUserId: identity.userId ?? '',
    tokenVerificationEnabled: false,
    receiver,
    logger: blog,
    logLevel: fromPino(logger.level),
    clientOptions,
  });
  const render = opts.renderer ?? createSlackRenderer(logger);
  const messenger = createSlackMessenger({
    client: app.client,
    render,
    logger,
    minUpdateIntervalMs: opts.minUpdateIntervalMs,
  });
  const bot = typeof opts.bot === 'function' ? await opts.bot(messenger) : opts.bot;
  resolveDownload ??= downloadsOf(bot);
  const inFlight = new Set<Promise<unknown>>();
  const namesClient = new webApi.WebClient(slack.botToken, {
    ...clientOptions,
    retryConfig: { retries: 0 },
    timeout: 2500,
  });
  const ctx: SlackContext = {
    bot,
    messenger,
    client: app.client,
    names: opts.resolveNames === false ? async () => undefined : createNameResolver(namesClient, logger),
    logger,
    botUserId: identity.userId,
    botId: identity.botId,
    track(work) {
      inFlight.add(work);
      work.then(
        () => inFlight.delete(work),
        () => inFlight.delete(work),
      );
      return work;
    },
  };
  installGate(app, logger, ctx.track);
  registerMessageListeners(app, ctx);
  registerActionListeners(app, ctx);
  app.error(async (error) => {
    logger.error({ err: { code: error.code, message: error.message } }, 'slack: unhandled error in a listener');
  });
  const port = await listen(app, mode, opts.port ?? slack.port, opts.host ?? opts.config.teams.host, logger);
  const settled = async () => {
    while (inFlight.size) await Promise.allSettled([...inFlight]);
    await messenger.idle();
  };
  return {
    app,
    messenger,
    bot,
    mode,
    port,
    botUserId: identity.userId,
    settled,
    async stop() {
      // Let updates already asked for go out (bounded), then close the server or socket.
      await Promise.race([settled(), new Promise((r) => setTimeout(r, 5000).unref())]);
      await app.stop().catch((e: unknown) => logger.debug({ err: describeSlackError(e) }, 'slack: stop'));
    },
  };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** The bot's download registry, when it has one (bot/index.ts SagebotBot.downloads). */
function downloadsOf(bot: Bot): DownloadResolver | undefined {
  const d = (
    bot as { downloads?: { resolver?: DownloadResolver; resolveDownload?: (t: string) => string | undefined } }
  ).downloads;
  if (typeof d?.resolver === 'function') return d.resolver; // also says why an old link no longer works
  return typeof d?.resolveDownload === 'function' ? (token) => d.resolveDownload?.(token) : undefined;
}

/** auth.test once at start: a wrong token stops start-up with a clear message, and we learn our own ids. */
async function whoAmI(
  slack: SlackConfig,
  clientOptions: webApi.WebClientOptions,
  logger: Logger,
): Promise<{ userId?: string; botId?: string }> {
  const client = new webApi.WebClient(slack.botToken, clientOptions);
  try {
    const res = await client.auth.test();
    logger.info({ team: res.team, user: res.user }, 'slack: connected to the Web API');
    return { userId: str(res.user_id), botId: str(res.bot_id) };
  } catch (e) {
    const code = slackErrorCode(e);
    throw new SagebotError({
      code: 'SLACK_AUTH_FAILED',
      message: `Slack refused the bot token${code ? ` (${code})` : ''}, or could not be reached.`,
      fix: 'Check SLACK_BOT_TOKEN (the Bot User OAuth Token, xoxb-...) and, if set, SLACK_API_URL.',
      cause: e,
      details: { slackError: code },
    });
  }
}

function httpReceiver(slack: SlackConfig, blog: ReturnType<typeof boltLogger>, customRoutes: CustomRoute[]): Receiver {
  if (!slack.signingSecret)
    throw new SagebotError({
      code: 'SLACK_NO_SIGNING_SECRET',
      message: 'Slack over HTTP needs the signing secret.',
      fix: 'Set SLACK_SIGNING_SECRET (Basic Information > App Credentials), or SLACK_APP_TOKEN for Socket Mode.',
    });
  const receiver = new HTTPReceiver({
    signingSecret: slack.signingSecret,
    endpoints: [SLACK_EVENTS_PATH],
    logger: blog,
    customRoutes,
  });
  // Bolt parses a form body only when Content-Type is exactly application/x-www-form-urlencoded; a proxy or
  // client adding "; charset=utf-8" would turn every command and click into a 400. The signature covers the
  // body only, so normalising the header changes nothing about what is verified.
  const listener = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    const type = req.headers['content-type'];
    if (typeof type === 'string' && /^application\/x-www-form-urlencoded\s*;/i.test(type))
      req.headers['content-type'] = 'application/x-www-form-urlencoded';
    return listener(req, res);
  };
  return receiver;
}

function socketReceiver(
  slack: SlackConfig,
  clientOptions: webApi.WebClientOptions,
  blog: ReturnType<typeof boltLogger>,
  opts: StartSlackOptions,
): Receiver {
  return new SocketModeReceiver({
    appToken: slack.appToken as string,
    logger: blog,
    installerOptions: { clientOptions },
    ...opts.socketOptions,
  });
}

async function listen(
  app: App,
  mode: 'http' | 'socket',
  port: number,
  host: string,
  logger: Logger,
): Promise<number | undefined> {
  if (mode === 'socket') {
    await app.start();
    logger.info('slack: connected over Socket Mode');
    return undefined;
  }
  const server = (await app.start({ port, host }).catch((e: unknown) => {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    throw new SagebotError({
      code: 'SLACK_PORT_IN_USE',
      message: `Port ${port} on ${host} is already in use, so Slack's events cannot be received (is sagebot already running?).`,
      fix: 'Stop the other program or set SLACK_PORT to a free port.',
      cause: e,
    });
  })) as Server;
  const actual = (server.address() as AddressInfo).port;
  logger.info({ host, port: actual, path: SLACK_EVENTS_PATH }, 'slack: listening for events over HTTP');
  return actual;
}
